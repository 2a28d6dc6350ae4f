package switchboard.store.sqlite;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import switchboard.access.Ledger;
import switchboard.access.LedgerEntry;
import switchboard.access.Notification;
import switchboard.access.UsageQuery;
import switchboard.access.UsageRow;

/**
 * The cost ledger and budget notifications in SQLite. {@link #append} queues and schedules one
 * flush on the worker thread {@link #LINGER_MS} later; whatever queued up meanwhile is written in
 * one transaction (a transaction per request cost more CPU than the request itself at a few hundred
 * requests a second). Every query first writes what is queued, on the same thread, so it sees every
 * entry appended before it.
 *
 * <p>A batch that fails to write (PostgreSQL unreachable) is kept, in order, and retried with a
 * backoff of up to 5 s; appends meanwhile keep queueing, up to {@link #MAX_QUEUED} entries, beyond
 * which new entries are dropped and counted ({@link #dropped}), never blocking a request.
 */
public final class SqliteLedger implements Ledger {

  private static final Logger LOG = Logger.getLogger(SqliteLedger.class.getName());
  private static final String INSERT =
      "INSERT INTO ledger (request_id, ts_ms, day, key_id, team,"
          + " provider, model, input_tokens, cached_tokens, cache_write_tokens, output_tokens,"
          + " reasoning_tokens, tokens_estimated, priced, input_usd, cached_input_usd, cache_write_usd,"
          + " output_usd, reasoning_usd, markup_usd, total_usd)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final Map<String, String> GROUPS =
      Map.of(
          "key", "key_id", "team", "team", "model", "model", "provider", "provider", "day", "day");

  static final long LINGER_MS = 20;

  /** Entries held in memory while the database is unreachable; beyond this, new ones drop. */
  static final int MAX_QUEUED = 100_000;

  private final SqliteWorker worker;
  private final Queue<LedgerEntry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger queued =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong dropped =
      new java.util.concurrent.atomic.AtomicLong();
  private final List<LedgerEntry> failed = new ArrayList<>(); // worker thread only
  private long backoffMs; // worker thread only

  public SqliteLedger(SqliteWorker worker) {
    this.worker = worker;
  }

  @Override
  public void append(LedgerEntry entry) {
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.severe("ledger queue full (database unreachable?): " + n + " entries dropped so far");
      }
      return;
    }
    queue.add(entry);
    if (scheduled.compareAndSet(false, true)) {
      worker.executeLater(this::flush, LINGER_MS);
    }
  }

  /** Entries dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  private void flush() {
    scheduled.set(false);
    if (!write()) {
      backoffMs = Math.min(Math.max(100, backoffMs * 2), 5000);
      if (scheduled.compareAndSet(false, true)) {
        worker.executeLater(this::flush, backoffMs);
      }
    } else {
      backoffMs = 0;
    }
  }

  /** Writes what failed before and what is queued, in order; false when it must be retried. */
  private boolean write() {
    List<LedgerEntry> batch = failed;
    for (LedgerEntry e; (e = queue.poll()) != null; ) {
      batch.add(e);
    }
    if (batch.isEmpty()) {
      return true;
    }
    Connection c = null;
    try {
      c = worker.connection();
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement(INSERT)) {
        for (LedgerEntry e : batch) {
          bind(p, e);
          p.addBatch();
        }
        p.executeBatch();
      }
      c.commit();
      queued.addAndGet(-batch.size());
      batch.clear();
      return true;
    } catch (SQLException ex) {
      if (backoffMs == 0) {
        LOG.severe(
            "writing "
                + batch.size()
                + " ledger entries failed; kept and retried: "
                + ex.getMessage());
      }
      if (c != null) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the connection is broken; the next flush reports it again
        }
      }
      return false;
    } finally {
      if (c != null) {
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // as above
        }
      }
    }
  }

  private static void bind(PreparedStatement p, LedgerEntry e) throws SQLException {
    int i = 1;
    p.setString(i++, e.requestId());
    p.setLong(i++, e.tsMs());
    p.setString(
        i++, Instant.ofEpochMilli(e.tsMs()).atZone(ZoneOffset.UTC).toLocalDate().toString());
    p.setString(i++, e.keyId());
    p.setString(i++, e.team());
    p.setString(i++, e.provider());
    p.setString(i++, e.model());
    p.setLong(i++, e.usage().input());
    p.setLong(i++, e.usage().cacheRead());
    p.setLong(i++, e.usage().cacheWrite());
    p.setLong(i++, e.usage().output());
    p.setLong(i++, e.usage().reasoning());
    p.setInt(i++, e.estimated() ? 1 : 0);
    p.setInt(i++, e.cost().known() ? 1 : 0);
    p.setDouble(i++, e.cost().input());
    p.setDouble(i++, e.cost().cachedInput());
    p.setDouble(i++, e.cost().cacheWrite());
    p.setDouble(i++, e.cost().output());
    p.setDouble(i++, e.cost().reasoning());
    p.setDouble(i++, e.cost().markup());
    p.setDouble(i++, e.cost().total());
  }

  @Override
  public Future<Double> spend(String scope, long fromMs) {
    String column = scope.startsWith("team:") ? "team" : "key_id";
    String id = scope.substring(scope.indexOf(':') + 1);
    return worker.submit(
        c -> {
          write(); // what was appended before this query, written first
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT COALESCE(SUM(total_usd), 0) FROM ledger"
                      + " WHERE "
                      + column
                      + " = ? AND ts_ms >= ?")) {
            p.setString(1, id);
            p.setLong(2, fromMs);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? rs.getDouble(1) : 0.0;
            }
          }
        });
  }

  @Override
  public Future<List<UsageRow>> usage(UsageQuery q) {
    String column = GROUPS.get(q.groupBy());
    if (column == null) {
      return Future.failedFuture(new IllegalArgumentException("unknown group " + q.groupBy()));
    }
    String sql =
        "SELECT "
            + column
            + ", COUNT(*), SUM(input_tokens), SUM(cached_tokens),"
            + " SUM(output_tokens), SUM(reasoning_tokens), SUM(total_usd), SUM(input_usd),"
            + " SUM(cached_input_usd), SUM(cache_write_usd), SUM(output_usd), SUM(reasoning_usd),"
            + " SUM(markup_usd) FROM ledger"
            + " WHERE ts_ms >= ? AND ts_ms < ?"
            + (q.keyId() == null ? "" : " AND key_id = ?")
            + " GROUP BY "
            + column
            + " ORDER BY "
            + column;
    return worker.submit(
        c -> {
          write(); // what was appended before this query, written first
          List<UsageRow> out = new ArrayList<>();
          try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, q.fromMs());
            p.setLong(2, q.toMs());
            if (q.keyId() != null) {
              p.setString(3, q.keyId());
            }
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new UsageRow(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getDouble(7),
                        rs.getDouble(8),
                        rs.getDouble(9),
                        rs.getDouble(10),
                        rs.getDouble(11),
                        rs.getDouble(12),
                        rs.getDouble(13)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Future<Void> saveNotification(Notification n) {
    return worker.submit(
        c -> {
          write(); // what was appended before this query, written first
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO budget_notifications (id, scope,"
                      + " name, period_start_ms, period_end_ms, threshold, spent_usd, limit_usd, fired_ms)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            int i = 1;
            p.setString(i++, n.id());
            p.setString(i++, n.scope());
            p.setString(i++, n.name());
            p.setLong(i++, n.periodStartMs());
            p.setLong(i++, n.periodEndMs());
            p.setInt(i++, n.threshold());
            p.setDouble(i++, n.spentUsd());
            p.setDouble(i++, n.limitUsd());
            p.setLong(i++, n.firedMs());
            p.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Future<List<Notification>> notifications(int limit) {
    return query("ORDER BY fired_ms DESC, threshold DESC LIMIT ?", limit);
  }

  @Override
  public Future<List<Notification>> notificationsSince(long fromMs) {
    return query("WHERE period_start_ms >= ? ORDER BY fired_ms", fromMs);
  }

  private Future<List<Notification>> query(String tail, long param) {
    return worker.submit(
        c -> {
          write(); // what was appended before this query, written first
          List<Notification> out = new ArrayList<>();
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT id, scope, name, period_start_ms,"
                      + " period_end_ms, threshold, spent_usd, limit_usd, fired_ms FROM budget_notifications "
                      + tail)) {
            p.setLong(1, param);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Notification(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getInt(6),
                        rs.getDouble(7),
                        rs.getDouble(8),
                        rs.getLong(9)));
              }
            }
          }
          return out;
        });
  }
}
