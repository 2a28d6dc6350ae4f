package switchboard.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.conversation.StoredResponse;

/** Stored responses in a real SQLite file: per tenant, expiring, deletable, surviving a reopen. */
class SqliteResponseStoreTest {

  @TempDir Path dir;

  /** A clock the test moves. */
  private static final class Moving extends Clock {
    long millis = 1_000_000;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static StoredResponse stored(String id, String tenant, long created, long expires) {
    return new StoredResponse(
        id,
        tenant,
        created,
        expires,
        null,
        "[{\"role\":\"user\",\"content\":\"hi\"}]",
        "{\"id\":\"" + id + "\",\"object\":\"response\",\"output\":[]}");
  }

  @Test
  void savedResponsesAreFoundByTheirTenantOnlyUntilTheyExpire() throws Exception {
    Moving clock = new Moving();
    Path db = dir.resolve("switchboard.db");
    try (SqliteResponseStore store = SqliteResponseStore.open(db, clock)) {
      await(store.save(stored("resp_1", "key_a", clock.millis, clock.millis + 1000)));

      Optional<StoredResponse> found = await(store.find("key_a", "resp_1"));
      assertThat(found).isPresent();
      assertThat(found.get().responseJson()).contains("\"resp_1\"");
      assertThat(found.get().inputJson()).contains("hi");
      assertThat(await(store.find("key_b", "resp_1"))).isEmpty();
      assertThat(await(store.delete("key_b", "resp_1"))).isFalse();

      clock.millis += 1000;
      assertThat(await(store.find("key_a", "resp_1"))).isEmpty();
    }
  }

  @Test
  void deleteForgetsAndAReopenedStoreStillHasTheRest() throws Exception {
    Moving clock = new Moving();
    Path db = dir.resolve("switchboard.db");
    try (SqliteResponseStore store = SqliteResponseStore.open(db, clock)) {
      await(store.save(stored("resp_1", "key_a", clock.millis, clock.millis + 60_000)));
      await(store.save(stored("resp_2", "key_a", clock.millis, clock.millis + 60_000)));

      assertThat(await(store.delete("key_a", "resp_1"))).isTrue();
      assertThat(await(store.delete("key_a", "resp_1"))).isFalse();
    }
    try (SqliteResponseStore reopened = SqliteResponseStore.open(db, clock)) {
      assertThat(await(reopened.find("key_a", "resp_1"))).isEmpty();
      assertThat(await(reopened.find("key_a", "resp_2"))).isPresent();
    }
  }

  @Test
  void theSweepDeletesExpiredRowsAtOpen() throws Exception {
    Moving clock = new Moving();
    Path db = dir.resolve("switchboard.db");
    try (SqliteResponseStore store = SqliteResponseStore.open(db, clock)) {
      await(store.save(stored("resp_old", "key_a", clock.millis, clock.millis + 10)));
    }
    clock.millis += 100;
    try (SqliteResponseStore reopened = SqliteResponseStore.open(db, clock);
        java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
      await(reopened.find("key_a", "resp_old")); // queued after the opening sweep
      try (java.sql.ResultSet rs =
          c.createStatement().executeQuery("SELECT COUNT(*) FROM responses")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }
}
