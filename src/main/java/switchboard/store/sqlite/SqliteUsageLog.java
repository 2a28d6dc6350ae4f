package switchboard.store.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import switchboard.analytics.BulkLog;
import switchboard.analytics.Rollups;
import switchboard.route.Attempt;
import switchboard.usage.UsageLog;
import switchboard.usage.UsageRecord;

/**
 * Request records in the embedded SQLite database ({@code <data>/switchboard.db}, WAL mode). Used
 * by the recorder's single writer thread only: in the gateway the {@link SqliteWorker}'s thread,
 * whose connection it then shares with the ledger (one writer for the file, so the two never wait
 * on each other's lock).
 */
public final class SqliteUsageLog implements UsageLog, BulkLog {

  private static final com.fasterxml.jackson.core.io.JsonStringEncoder QUOTER =
      com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance();
  private static final String INSERT = insertOf(1);

  /** An INSERT of {@code rows} records. */
  private static String insertOf(int rows) {
    String one = "(" + "?, ".repeat(COLUMNS - 1) + "?)";
    return "INSERT INTO requests (id, ts_ms, key_id, operation,"
        + " requested_model, provider, served_model, status, error_type, stream, latency_ms, ttft_ms,"
        + " input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd,"
        + " attempt_count, attempts, tags, user_id, trace_id, extra, target, policy, cache,"
        + " savings_usd, guardrails, failover, prompt, guard_findings)"
        + " VALUES "
        + String.join(", ", java.util.Collections.nCopies(rows, one))
        + " ON CONFLICT DO NOTHING";
  }

  private static final int COLUMNS = 32;

  /** Rows per bulk INSERT: 64 x 32 parameters, well under SQLite's limit of 32,766. */
  private static final int ROWS = 64;

  private final Connection connection; // its own file, or null: the worker's
  private final SqliteWorker worker;
  private final Dialect dialect;
  private PreparedStatement bulkRows; // a bulk load's, prepared once
  private PreparedStatement bulkRow;

  private SqliteUsageLog(Connection connection, SqliteWorker worker) {
    this.connection = connection;
    this.worker = worker;
    this.dialect = worker == null ? Dialect.SQLITE : worker.dialect();
  }

  /** Opens (creating if needed) the database file and migrates it. */
  public static SqliteUsageLog open(Path file) throws SQLException, IOException {
    Connection connection = SqliteDatabase.open(file);
    return new SqliteUsageLog(connection, null);
  }

  /**
   * A log on the worker's connection (SQLite's file or a PostgreSQL pool's), to be written on the
   * worker's thread only ({@link SqliteWorker#executeLater}); closing it leaves that to the worker.
   */
  public static SqliteUsageLog on(SqliteWorker worker) {
    return new SqliteUsageLog(null, worker);
  }

  private Connection connection() throws SQLException {
    return connection != null ? connection : worker.connection();
  }

  @Override
  public void append(List<UsageRecord> batch) throws SQLException {
    Connection connection = connection();
    connection.setAutoCommit(false);
    try {
      // A repeated client request id is not inserted twice, so it is not counted twice either.
      List<UsageRecord> inserted = insert(connection, batch);
      dialect.lockRollups(connection);
      SqliteRollups.merge(connection, Rollups.of(inserted));
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true); // the connection may be shared: leave it as found
    }
  }

  /**
   * Appends records with roll-ups the caller added up itself (a bulk load: {@link
   * switchboard.analytics.DemoLoad}), in one transaction. Records go in multi-row statements of
   * {@link #ROWS} rows, prepared once: SQLite's per-statement cost, not the rows, dominated.
   */
  @Override
  public void appendBulk(List<UsageRecord> batch, Rollups rollups) throws SQLException {
    Connection connection = connection();
    connection.setAutoCommit(false);
    try {
      if (bulkRows == null) {
        bulkRows = connection.prepareStatement(insertOf(ROWS));
        bulkRow = connection.prepareStatement(INSERT);
      }
      int i = 0;
      for (; i + ROWS <= batch.size(); i += ROWS) {
        for (int row = 0; row < ROWS; row++) {
          bind(bulkRows, row * COLUMNS, batch.get(i + row));
        }
        bulkRows.executeUpdate();
      }
      for (; i < batch.size(); i++) {
        bind(bulkRow, 0, batch.get(i));
        bulkRow.executeUpdate();
      }
      if (!rollups.isEmpty()) {
        dialect.lockRollups(connection);
        SqliteRollups.merge(connection, rollups);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true); // the connection may be shared: leave it as found
    }
  }

  /**
   * Settings for a bulk load on this connection: a large page cache, temporary data in memory, no
   * waiting for the disk on commit (a crash mid-load loses at most the load's last batches, never
   * earlier data: WAL stays on) and fewer, larger checkpoints.
   */
  @Override
  public void bulkLoad() throws SQLException {
    if (dialect != Dialect.SQLITE) {
      return;
    }
    try (java.sql.Statement s = connection().createStatement()) {
      s.execute("PRAGMA synchronous=OFF");
      s.execute("PRAGMA cache_size=-262144");
      s.execute("PRAGMA temp_store=MEMORY");
      s.execute("PRAGMA wal_autocheckpoint=16384");
    }
  }

  /** Back to the settings {@link SqliteDatabase#open} gives a connection, and a checkpoint. */
  @Override
  public void endBulkLoad() throws SQLException {
    closeBulk();
    if (dialect != Dialect.SQLITE) {
      return;
    }
    try (java.sql.Statement s = connection().createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA wal_autocheckpoint=1000");
      s.execute("PRAGMA cache_size=-2000");
    }
  }

  private void closeBulk() throws SQLException {
    if (bulkRows != null) {
      bulkRows.close();
      bulkRow.close();
      bulkRows = null;
      bulkRow = null;
    }
  }

  /** Inserts the records; returns those that were new (not an id already stored). */
  private static List<UsageRecord> insert(Connection connection, List<UsageRecord> batch)
      throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(INSERT)) {
      for (UsageRecord r : batch) {
        bind(p, 0, r);
        p.addBatch();
      }
      int[] counts = p.executeBatch();
      List<UsageRecord> inserted = new java.util.ArrayList<>(batch.size());
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 0) {
          inserted.add(batch.get(i));
        }
      }
      return inserted;
    }
  }

  /** Binds one record's {@link #COLUMNS} values after the first {@code offset} parameters. */
  private static void bind(PreparedStatement p, int offset, UsageRecord r) throws SQLException {
    int i = offset + 1;
    p.setString(i++, r.requestId());
    p.setLong(i++, r.timestampMillis());
    p.setString(i++, r.keyId());
    p.setString(i++, r.operation());
    p.setString(i++, r.requestedModel());
    p.setString(i++, r.provider());
    p.setString(i++, r.servedModel());
    p.setInt(i++, r.status());
    p.setString(i++, r.errorType());
    p.setInt(i++, r.stream() ? 1 : 0);
    p.setLong(i++, r.latencyMillis());
    if (r.ttftMillis() >= 0) {
      p.setLong(i++, r.ttftMillis());
    } else {
      p.setNull(i++, Types.BIGINT);
    }
    p.setLong(i++, r.usage().input());
    p.setLong(i++, r.usage().cacheRead());
    p.setLong(i++, r.usage().cacheWrite());
    p.setLong(i++, r.usage().output());
    p.setLong(i++, r.usage().reasoning());
    if (r.costUsd() != null) {
      p.setDouble(i++, r.costUsd());
    } else {
      p.setNull(i++, Types.DOUBLE);
    }
    p.setInt(i++, r.attempts().size());
    p.setString(i++, attemptsJson(r.attempts()));
    p.setString(i++, r.tagsJson());
    p.setString(i++, r.userId());
    p.setString(i++, r.traceId());
    p.setString(i++, r.extraJson());
    p.setString(i++, r.target());
    p.setString(i++, r.policy());
    p.setString(i++, r.cache());
    p.setDouble(i++, r.savingsUsd());
    p.setString(i++, r.guardrails());
    p.setInt(i++, r.failover() ? 1 : 0);
    p.setString(i++, r.prompt());
    p.setString(i++, r.guardFindings() == null ? null : r.guardFindings().json());
  }

  /** The attempts as a JSON array, written directly (one per record on the hot write path). */
  static String attemptsJson(List<Attempt> attempts) {
    StringBuilder out = new StringBuilder(64 * attempts.size() + 2).append('[');
    for (int i = 0; i < attempts.size(); i++) {
      Attempt a = attempts.get(i);
      out.append(i == 0 ? "{" : ",{").append("\"target\":");
      quote(out, a.target());
      out.append(",\"status\":").append(a.status()).append(",\"ms\":").append(a.millis());
      if (a.error() != null) {
        out.append(",\"failure\":");
        quote(out, a.error().failure().label());
        out.append(",\"message\":");
        quote(out, a.error().message());
      }
      out.append('}');
    }
    return out.append(']').toString();
  }

  private static void quote(StringBuilder out, String s) {
    if (s == null) {
      out.append("null");
      return;
    }
    out.append('"');
    if (plain(s)) { // targets and messages almost always are: no encoder, no copy
      out.append(s);
    } else {
      out.append(QUOTER.quoteAsString(s));
    }
    out.append('"');
  }

  /** Whether {@code s} needs no escaping in a JSON string. */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    try {
      closeBulk();
    } catch (SQLException ignored) {
      // closing: the connection's close below frees them too
    }
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing at shutdown: nothing left to do
    }
  }
}
