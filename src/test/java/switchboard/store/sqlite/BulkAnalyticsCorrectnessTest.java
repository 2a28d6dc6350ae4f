package switchboard.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  @Override
  protected Dialect dialect() {
    return Dialect.SQLITE;
  }
}
