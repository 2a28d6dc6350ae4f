package switchboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nodes starting at once on an empty database: the advisory lock lets one migrate, the others wait
 * and find nothing to do, so every migration runs exactly once and every node starts.
 */
class PostgresMigrationsIT {

  @Test
  void threeNodesStartingTogetherMigrateOnce() throws Exception {
    try (TestSchema schema = TestSchema.create()) {
      ExecutorService pool = Executors.newFixedThreadPool(3);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<PostgresDatabase>> opened = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        opened.add(
            pool.submit(
                () -> {
                  go.await();
                  return PostgresDatabase.open(schema.url());
                }));
      }
      go.countDown();
      for (Future<PostgresDatabase> f : opened) {
        f.get(60, TimeUnit.SECONDS).close(); // none failed on a duplicate table or version
      }
      pool.shutdown();
      try (Connection c = schema.connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2));
        assertThat(rs.getInt(1)).isEqualTo(switchboard.store.sqlite.MigrationsAccess.count());
      }
    }
  }

  @Test
  void aBadUrlIsRefusedWithoutItsPassword() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PostgresDatabase.open("mysql://u:hunter2@127.0.0.1/x"))
        .hasMessageContaining("postgres://")
        .hasMessageNotContaining("hunter2");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PostgresDatabase.open("postgres://u:hunter2@127.0.0.1:1/x"))
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("hunter2");
  }
}
