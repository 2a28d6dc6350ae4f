package switchboard.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import switchboard.analytics.AnalyticsStore;
import switchboard.analytics.Dimension;
import switchboard.analytics.Filter;
import switchboard.analytics.Grouping;
import switchboard.analytics.QueryPlan;
import switchboard.analytics.RequestCursor;
import switchboard.analytics.RequestFacts;
import switchboard.analytics.RequestPage;
import switchboard.analytics.RequestView;
import switchboard.analytics.Rollups;
import switchboard.analytics.Tally;
import switchboard.pipeline.GuardFindings;

/**
 * The request log and analytics over the embedded database: a read connection of its own on its own
 * thread (WAL: it never blocks the writers), so a long query delays neither the keys nor the
 * ledger. Figures come from the hourly roll-ups plus the records at the edges ({@link QueryPlan}).
 */
public final class SqliteAnalytics implements AnalyticsStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FACTS =
      "SELECT ts_ms, key_id, COALESCE(target, requested_model), provider, policy, tags, status,"
          + " input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens,"
          + " cost_usd, savings_usd, cache, CASE WHEN target IS NOT NULL THEN 1 ELSE 0 END,"
          + " failover, latency_ms, ttft_ms, guard_findings"
          + " FROM requests WHERE ts_ms >= ? AND ts_ms < ?";

  private final SqliteWorker worker;

  private SqliteAnalytics(SqliteWorker worker) {
    this.worker = worker;
  }

  public static SqliteAnalytics open(Path file) throws SQLException, IOException {
    return new SqliteAnalytics(SqliteWorker.open(file));
  }

  /** Queries on {@code worker} (a PostgreSQL pool's); closing the store closes the worker. */
  public static SqliteAnalytics on(SqliteWorker worker) {
    return new SqliteAnalytics(worker);
  }

  @Override
  public Future<Tally> figures(Filter filter, Grouping grouping) {
    return worker.submit(c -> figures(c, worker.dialect(), filter, grouping));
  }

  /** The figures from an SQLite connection, on the calling thread (a test's, or a benchmark's). */
  public static Tally figures(Connection c, Filter filter, Grouping grouping) throws SQLException {
    return figures(c, Dialect.SQLITE, filter, grouping);
  }

  /** The figures, computed on the calling thread (the worker's, or a benchmark's). */
  public static Tally figures(Connection c, Dialect dialect, Filter filter, Grouping grouping)
      throws SQLException {
    Tally tally = new Tally(filter, grouping);
    QueryPlan plan = QueryPlan.of(filter, grouping);
    if (plan.usesRollups()) {
      readRollups(c, filter, plan, tally);
    }
    for (long[] range : plan.rawRanges()) {
      readRecords(c, dialect, filter, range[0], range[1], tally);
    }
    return tally;
  }

  private static void readRollups(Connection c, Filter filter, QueryPlan plan, Tally tally)
      throws SQLException {
    Dimension dim = plan.dim().isEmpty() ? null : Dimension.byLabel(plan.dim());
    String exact = dim == null || dim == Dimension.STATUS ? null : filter.values().get(dim);
    String sql =
        "SELECT "
            + SqliteRollups.COLUMNS
            + " FROM request_rollups WHERE dim = ?"
            + (dim == null ? " AND value = ''" : exact != null ? " AND value = ?" : "")
            + " AND bucket_ms >= ? AND bucket_ms < ?";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = 1;
      p.setString(i++, plan.dim());
      if (exact != null) {
        p.setString(i++, exact);
      }
      p.setLong(i++, plan.rollupFromMs());
      p.setLong(i, plan.rollupToMs());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          tally.add(SqliteRollups.row(rs));
        }
      }
    }
  }

  private static void readRecords(
      Connection c, Dialect dialect, Filter filter, long from, long to, Tally tally)
      throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = where(dialect, filter, args);
    try (PreparedStatement p = c.prepareStatement(FACTS + where)) {
      p.setLong(1, from);
      p.setLong(2, to);
      bind(p, 3, args);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          long ttft = rs.getLong(19);
          if (rs.wasNull()) {
            ttft = -1;
          }
          tally.add(
              new RequestFacts(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  Rollups.tags(rs.getString(6)),
                  rs.getInt(7),
                  rs.getLong(8),
                  rs.getLong(9),
                  rs.getLong(10),
                  rs.getLong(11),
                  rs.getLong(12),
                  rs.getDouble(13),
                  rs.getDouble(14),
                  rs.getString(15),
                  rs.getInt(16) == 1 && rs.getInt(7) < 400,
                  rs.getInt(17) == 1,
                  rs.getLong(18),
                  ttft,
                  GuardFindings.parse(rs.getString(20))));
        }
      }
    }
  }

  /** The SQL conditions (each starting with AND) of the filter's dimensions. */
  static String where(Dialect dialect, Filter filter, List<Object> args) {
    StringBuilder sql = new StringBuilder();
    for (Map.Entry<Dimension, String> e : filter.values().entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case KEY -> {
          if (v.isEmpty()) {
            sql.append(" AND key_id IS NULL");
          } else {
            sql.append(" AND key_id = ?");
            args.add(v);
          }
        }
        case MODEL -> {
          sql.append(" AND COALESCE(target, requested_model, '') = ?");
          args.add(v);
        }
        case PROVIDER -> {
          sql.append(" AND COALESCE(provider, '') = ?");
          args.add(v);
        }
        case POLICY -> {
          sql.append(" AND COALESCE(policy, '') = ?");
          args.add(v);
        }
        case TAG -> {
          sql.append(dialect.tagMatch());
          args.add(v);
        }
        case STATUS -> {
          int[] range = Filter.statusRange(v);
          sql.append(" AND status BETWEEN ? AND ?");
          args.add(range[0]);
          args.add(range[1]);
        }
      }
    }
    return sql.toString();
  }

  private static void bind(PreparedStatement p, int first, List<Object> args) throws SQLException {
    int i = first;
    for (Object a : args) {
      if (a instanceof Integer n) {
        p.setInt(i++, n);
      } else if (a instanceof Long n) {
        p.setLong(i++, n);
      } else {
        p.setString(i++, (String) a);
      }
    }
  }

  @Override
  public Future<RequestPage> requests(Filter filter, int limit, RequestCursor cursor) {
    return worker.submit(c -> page(c, worker.dialect(), filter, limit, cursor));
  }

  static RequestPage page(
      Connection c, Dialect dialect, Filter filter, int limit, RequestCursor cursor)
      throws SQLException {
    List<Object> args = new ArrayList<>();
    String sql =
        "SELECT * FROM requests WHERE ts_ms >= ? AND ts_ms < ?"
            + where(dialect, filter, args)
            + (cursor == null ? "" : " AND (ts_ms < ? OR (ts_ms = ? AND id < ?))")
            + " ORDER BY ts_ms DESC, id DESC LIMIT ?";
    if (cursor != null) {
      args.add(cursor.timestampMillis());
      args.add(cursor.timestampMillis());
      args.add(cursor.id());
    }
    args.add(limit + 1);
    List<RequestView> out = new ArrayList<>(limit + 1);
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, filter.fromMs());
      p.setLong(2, filter.toMs());
      bind(p, 3, args);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(view(rs));
        }
      }
    }
    RequestCursor next = null;
    if (out.size() > limit) {
      out.remove(limit);
      RequestView last = out.get(limit - 1);
      next = new RequestCursor(last.createdMillis(), last.id());
    }
    return new RequestPage(out, next);
  }

  @Override
  public Future<RequestView> request(String id) {
    return worker.submit(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT * FROM requests WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? view(rs) : null;
            }
          }
        });
  }

  private static RequestView view(ResultSet rs) throws SQLException {
    long ttft = rs.getLong("ttft_ms");
    if (rs.wasNull()) {
      ttft = -1;
    }
    double cost = rs.getDouble("cost_usd");
    Double costUsd = rs.wasNull() ? null : cost;
    String cache = rs.getString("cache");
    return new RequestView(
        rs.getString("id"),
        rs.getLong("ts_ms"),
        rs.getString("key_id"),
        rs.getString("operation"),
        rs.getString("requested_model"),
        rs.getString("target"),
        rs.getString("served_model"),
        rs.getString("provider"),
        rs.getString("policy"),
        rs.getInt("status"),
        rs.getString("error_type"),
        rs.getInt("stream") == 1,
        rs.getLong("latency_ms"),
        ttft,
        rs.getLong("input_tokens"),
        rs.getLong("cached_tokens"),
        rs.getLong("cache_write_tokens"),
        rs.getLong("output_tokens"),
        rs.getLong("reasoning_tokens"),
        costUsd,
        rs.getDouble("savings_usd"),
        cache == null ? "bypass" : cache,
        rs.getString("guardrails"),
        GuardFindings.parse(rs.getString("guard_findings")),
        Rollups.tags(rs.getString("tags")),
        rs.getInt("failover") == 1,
        rs.getString("user_id"),
        rs.getString("trace_id"),
        rs.getString("extra"),
        attempts(rs.getString("attempts")),
        rs.getString("prompt"));
  }

  private static List<RequestView.AttemptView> attempts(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    try {
      List<RequestView.AttemptView> out = new ArrayList<>();
      for (JsonNode a : JSON.readTree(json)) {
        out.add(
            new RequestView.AttemptView(
                a.path("target").asText(),
                a.path("status").asInt(),
                a.hasNonNull("failure") ? a.get("failure").asText() : "ok",
                a.hasNonNull("message") ? a.get("message").asText() : null,
                a.path("ms").asLong()));
      }
      return out;
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    worker.close();
  }
}
