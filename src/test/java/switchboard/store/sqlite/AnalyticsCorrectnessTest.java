package switchboard.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import switchboard.usage.UsageRecord;

/** The analytics contract on the embedded SQLite file. */
class AnalyticsCorrectnessTest extends AnalyticsCorrectnessContract {

  @TempDir static Path dir;

  @Override
  protected Connection write(List<List<UsageRecord>> batches) throws Exception {
    Path file = dir.resolve("switchboard.db");
    try (SqliteUsageLog log = SqliteUsageLog.open(file)) {
      for (List<UsageRecord> batch : batches) {
        log.append(batch);
      }
    }
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  @Override
  protected Dialect dialect() {
    return Dialect.SQLITE;
  }
}
