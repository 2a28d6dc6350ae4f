package switchboard.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import switchboard.analytics.Figures;
import switchboard.analytics.RollupRow;
import switchboard.analytics.Rollups;

/**
 * Reads and merges the hourly roll-ups ({@code request_rollups}). A merge reads each touched row,
 * adds the new figures (sketches merged, sums added) and writes it back, inside the caller's
 * transaction, so the roll-ups always equal the records they cover. On PostgreSQL the caller holds
 * {@link switchboard.store.sqlite.Dialect#lockRollups} first: nodes merging the same rows take
 * turns.
 */
final class SqliteRollups {

  static final String COLUMNS =
      "dim, value, bucket_ms, requests, errors, input_tokens, cached_tokens, cache_write_tokens,"
          + " output_tokens, reasoning_tokens, cost_nusd, savings_nusd, cache_consulted,"
          + " cache_hits, served, failovers, latency, ttft, guarded, guard_redact, guard_mask,"
          + " guard_block, guard_flag, guard_types";

  /** The merged figures replace the row's (portable: SQLite and PostgreSQL both read this). */
  private static final String UPSERT =
      " ON CONFLICT (dim, value, bucket_ms) DO UPDATE SET"
          + java.util.Arrays.stream(COLUMNS.split(","))
              .map(String::strip)
              .skip(3)
              .map(c -> " " + c + " = excluded." + c)
              .collect(java.util.stream.Collectors.joining(","));

  private SqliteRollups() {}

  static void merge(Connection c, Rollups rollups) throws SQLException {
    if (rollups.isEmpty()) {
      return;
    }
    try (PreparedStatement read =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM request_rollups WHERE dim = ? AND value = ? AND bucket_ms = ?");
        PreparedStatement write =
            c.prepareStatement(
                "INSERT INTO request_rollups ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + UPSERT)) {
      for (Map.Entry<Rollups.Key, Figures> e : rollups.figures().entrySet()) {
        Rollups.Key k = e.getKey();
        read.setString(1, k.dim());
        read.setString(2, k.value());
        read.setLong(3, k.bucketMs());
        Figures merged = e.getValue();
        try (ResultSet rs = read.executeQuery()) {
          if (rs.next()) {
            merged = new Figures();
            row(rs).addTo(merged);
            merged.merge(e.getValue());
          }
        }
        bind(write, RollupRow.of(k.dim(), k.value(), k.bucketMs(), merged));
        write.addBatch();
      }
      write.executeBatch();
    }
  }

  static RollupRow row(ResultSet rs) throws SQLException {
    return new RollupRow(
        rs.getString(1),
        rs.getString(2),
        rs.getLong(3),
        rs.getLong(4),
        rs.getLong(5),
        rs.getLong(6),
        rs.getLong(7),
        rs.getLong(8),
        rs.getLong(9),
        rs.getLong(10),
        rs.getLong(11),
        rs.getLong(12),
        rs.getLong(13),
        rs.getLong(14),
        rs.getLong(15),
        rs.getLong(16),
        rs.getBytes(17),
        rs.getBytes(18),
        rs.getLong(19),
        rs.getLong(20),
        rs.getLong(21),
        rs.getLong(22),
        rs.getLong(23),
        rs.getString(24));
  }

  private static void bind(PreparedStatement p, RollupRow r) throws SQLException {
    p.setString(1, r.dim());
    p.setString(2, r.value());
    p.setLong(3, r.bucketMs());
    p.setLong(4, r.requests());
    p.setLong(5, r.errors());
    p.setLong(6, r.inputTokens());
    p.setLong(7, r.cachedTokens());
    p.setLong(8, r.cacheWriteTokens());
    p.setLong(9, r.outputTokens());
    p.setLong(10, r.reasoningTokens());
    p.setLong(11, r.costNanoUsd());
    p.setLong(12, r.savingsNanoUsd());
    p.setLong(13, r.cacheConsulted());
    p.setLong(14, r.cacheHits());
    p.setLong(15, r.served());
    p.setLong(16, r.failovers());
    p.setBytes(17, r.latency());
    p.setBytes(18, r.ttft());
    p.setLong(19, r.guarded());
    p.setLong(20, r.guardRedact());
    p.setLong(21, r.guardMask());
    p.setLong(22, r.guardBlock());
    p.setLong(23, r.guardFlag());
    p.setString(24, r.guardTypes());
  }
}
