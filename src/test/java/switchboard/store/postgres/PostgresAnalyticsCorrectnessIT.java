package switchboard.store.postgres;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import switchboard.store.Stores;
import switchboard.store.sqlite.AnalyticsCorrectnessContract;
import switchboard.store.sqlite.Dialect;
import switchboard.usage.UsageLog;
import switchboard.usage.UsageRecord;

/**
 * The analytics contract on PostgreSQL: records and roll-ups written as the gateway writes them.
 */
class PostgresAnalyticsCorrectnessIT extends AnalyticsCorrectnessContract {

  private TestSchema schema;

  @Override
  protected Connection write(List<List<UsageRecord>> batches) throws Exception {
    schema = TestSchema.create();
    try (Stores stores = Stores.open(schema.url(), null, java.time.Clock.systemUTC())) {
      UsageLog log = stores.usageLog();
      CompletableFuture<Void> done = new CompletableFuture<>();
      stores
          .writer()
          .later(
              () -> {
                try {
                  for (List<UsageRecord> batch : batches) {
                    log.append(batch);
                  }
                  done.complete(null);
                } catch (Exception e) {
                  done.completeExceptionally(e);
                }
              },
              0);
      done.get(120, TimeUnit.SECONDS);
    }
    return schema.connect();
  }

  @Override
  protected Dialect dialect() {
    return Dialect.POSTGRES;
  }

  @AfterAll
  void dropSchema() throws Exception {
    if (schema != null) {
      schema.close();
    }
  }
}
