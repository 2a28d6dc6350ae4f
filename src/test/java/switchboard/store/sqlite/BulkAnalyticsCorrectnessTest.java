package switchboard.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import switchboard.analytics.DemoLoad;
import switchboard.usage.UsageRecord;

/**
 * The analytics contract on records written the way {@code demo-data} writes them: multi-row
 * inserts, roll-ups added up by the loader and merged at hour boundaries (batches of 997 records
 * split hours, so rows are merged more than once).
 */
class BulkAnalyticsCorrectnessTest extends AnalyticsCorrectnessContract {

  @TempDir static Path dir;

  @Override
  protected Connection write(List<List<UsageRecord>> batches) throws Exception {
    Path file = dir.resolve("switchboard.db");
    try (SqliteUsageLog log = SqliteUsageLog.open(file)) {
      DemoLoad.load(log, sink -> batches.forEach(sink), 0, null);
    }
    // The roll-up rows themselves equal the live path's, every hour (the queries above read an
    // end's partial hours from the records, so they alone would miss a lost last hour).
    Path live = dir.resolve("live.db");
    try (SqliteUsageLog log = SqliteUsageLog.open(live)) {
      for (List<UsageRecord> batch : batches) {
        log.append(batch);
      }
    }
    assertThat(rollups(file)).hasSizeGreaterThan(72 * 2).isEqualTo(rollups(live));
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  /** Every roll-up row's counts and sums, in order. */
  private static List<String> rollups(Path file) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT dim, value, bucket_ms, requests, errors, input_tokens, cached_tokens,"
                    + " output_tokens, reasoning_tokens, cost_nusd, savings_nusd, cache_hits,"
                    + " failovers, guarded, guard_types FROM request_rollups"
                    + " ORDER BY dim, value, bucket_ms")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(rs.getString(i)).append('|');
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  @Override
  protected Dialect dialect() {
    return Dialect.SQLITE;
  }
}
