package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.store.postgres.CuttableProxy;
import switchboard.store.postgres.TestSchema;
import switchboard.store.redis.LocalServices;

/**
 * Three gateway nodes in one JVM sharing the machine's PostgreSQL (a fresh schema) and Redis (a
 * fresh key prefix), each with its own data dir (issue 16, SPEC §5): keys, revocations and policies
 * changed through one node apply on the others within 1 s; every node's request records are in
 * every node's request log; a PostgreSQL outage loses no record.
 */
class ClusterIT {

  private static final String YAML = "sim: {enabled: true}\n";

  @TempDir Path dir;
  private TestSchema schema;
  private Map<String, String> env;

  @BeforeEach
  void services() throws Exception {
    LocalServices.requireRedis();
    schema = TestSchema.create();
    env =
        Map.of(
            "SWITCHBOARD_REDIS_URL",
            LocalServices.REDIS_URL,
            "SWITCHBOARD_REDIS_PREFIX",
            "sbtest:" + UUID.randomUUID() + ":");
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      schema.close();
    }
  }

  private GovernanceHarness node(String name) throws Exception {
    return node(name, schema.url());
  }

  private GovernanceHarness node(String name, String url) throws Exception {
    return new GovernanceHarness(dir.resolve(name), YAML, env, Clock.systemUTC(), url);
  }

  @Test
  void keysRevocationsAndPoliciesApplyOnEveryNodeWithinOneSecond() throws Exception {
    try (GovernanceHarness a = node("a");
        GovernanceHarness b = node("b");
        GovernanceHarness c = node("c")) {
      JsonNode created = a.createKey("{\"name\":\"cluster\"}");
      String secret = created.path("secret").asText();
      String id = created.path("id").asText();
      long madeAt = System.nanoTime();
      awaitWithin(1000, madeAt, () -> status(b, secret, "sim/gpt-4o-mini") == 200, "key on b");
      awaitWithin(1000, madeAt, () -> status(c, secret, "sim/gpt-4o-mini") == 200, "key on c");

      assertThat(status(b, secret, "policy/cluster-route")).isNotEqualTo(200);
      GovernanceHarness.Reply policy =
          a.admin(
              "POST",
              "/policies",
              "{\"name\":\"cluster-route\",\"kind\":\"fallback\",\"targets\":[\"sim/gpt-4o-mini\"]}");
      assertThat(policy.status()).as("%s", policy.json()).isEqualTo(201);
      long policyAt = System.nanoTime();
      awaitWithin(
          1000, policyAt, () -> status(b, secret, "policy/cluster-route") == 200, "policy on b");
      awaitWithin(
          1000, policyAt, () -> status(c, secret, "policy/cluster-route") == 200, "policy on c");

      assertThat(a.admin("POST", "/keys/" + id + "/revoke", "{}").status()).isEqualTo(200);
      long revokedAt = System.nanoTime();
      awaitWithin(
          1000, revokedAt, () -> status(b, secret, "sim/gpt-4o-mini") == 401, "revoked on b");
      awaitWithin(
          1000, revokedAt, () -> status(c, secret, "sim/gpt-4o-mini") == 401, "revoked on c");
    }
  }

  @Test
  void everyNodesRequestsAreInEveryNodesRequestLog() throws Exception {
    try (GovernanceHarness a = node("a");
        GovernanceHarness b = node("b");
        GovernanceHarness c = node("c")) {
      JsonNode created = b.createKey("{\"name\":\"log\"}");
      String secret = created.path("secret").asText();
      String id = created.path("id").asText();
      awaitWithin(5000, System.nanoTime(), () -> status(a, secret, "sim/gpt-4o-mini") == 200, "a");
      awaitWithin(5000, System.nanoTime(), () -> status(c, secret, "sim/gpt-4o-mini") == 200, "c");
      for (GovernanceHarness n : new GovernanceHarness[] {a, b, c}) {
        for (int i = 0; i < 3; i++) {
          assertThat(n.chat(secret, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
        }
      }
      long served = 11; // two first requests on a and c, then three per node
      for (GovernanceHarness n : new GovernanceHarness[] {a, b, c}) {
        awaitWithin(
            10_000,
            System.nanoTime(),
            () -> logged(n, id) == served,
            "request log of node " + n.base());
      }
      assertThat(count("SELECT COUNT(*) FROM ledger WHERE key_id = ?", id)).isEqualTo(served);
    }
  }

  @Test
  void aPostgresOutageLosesNoRecord() throws Exception {
    try (CuttableProxy proxy = new CuttableProxy()) {
      String viaProxy =
          "postgres://postgres@127.0.0.1:"
              + proxy.port()
              + "/test?currentSchema="
              + schema.name()
              + "&connectTimeout=1";
      try (GovernanceHarness a = node("a", viaProxy);
          GovernanceHarness b = node("b")) {
        JsonNode created = b.createKey("{\"name\":\"outage\"}");
        String secret = created.path("secret").asText();
        String id = created.path("id").asText();
        awaitWithin(
            5000, System.nanoTime(), () -> status(a, secret, "sim/gpt-4o-mini") == 200, "a");
        awaitWithin(10_000, System.nanoTime(), () -> countQuietly(id) == 1, "first record");

        proxy.cut();
        int sent = 20;
        for (int i = 0; i < sent; i++) {
          // served with the database gone: no SQL on the request's path
          assertThat(a.chat(secret, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
        }
        Thread.sleep(500); // the writer tries and fails at least once
        assertThat(countQuietly(id)).isEqualTo(1);

        proxy.restore();
        awaitWithin(
            20_000, System.nanoTime(), () -> countQuietly(id) == sent + 1, "records after restore");
        // 45 s: once in five CI runs on a loaded machine the ledger's batch took over 20 s after
        // the restore while the records were already in (under investigation, see the stop note).
        awaitWithin(
            45_000,
            System.nanoTime(),
            () -> ledgerQuietly(id) == sent + 1,
            "ledger entries after restore");
        assertThat(logged(b, id)).isEqualTo(sent + 1);
      }
    }
  }

  @Test
  void aNodeStoppedUnderLoadHasWrittenEveryRecordAndLedgerEntry() throws Exception {
    String secret;
    String id;
    int sent = 40;
    try (GovernanceHarness b = node("b")) {
      JsonNode created = b.createKey("{\"name\":\"drain\"}");
      secret = created.path("secret").asText();
      id = created.path("id").asText();
      GovernanceHarness a = node("a");
      java.util.List<java.util.concurrent.CompletableFuture<GovernanceHarness.Reply>> replies =
          new java.util.ArrayList<>();
      for (int i = 0; i < sent; i++) {
        replies.add(a.chatAsync(secret, "sim/gpt-4o-mini", null));
      }
      for (var r : replies) {
        assertThat(r.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
      }
      a.close(); // what SIGTERM does: drain, flush the queues, close the pool
      assertThat(count("SELECT COUNT(*) FROM requests WHERE key_id = ?", id)).isEqualTo(sent);
      assertThat(count("SELECT COUNT(*) FROM ledger WHERE key_id = ?", id)).isEqualTo(sent);
    }
  }

  private static int status(GovernanceHarness n, String secret, String model) {
    try {
      return n.chat(secret, model, null).status();
    } catch (Exception e) {
      return -1;
    }
  }

  private static long logged(GovernanceHarness n, String keyId) {
    try {
      GovernanceHarness.Reply r = n.admin("GET", "/requests?limit=1000&key=" + keyId, null);
      return r.status() == 200 ? r.json().path("data").size() : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private long count(String sql, String arg) throws Exception {
    try (Connection c = schema.connect();
        PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, arg);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long countQuietly(String keyId) {
    try {
      return count("SELECT COUNT(*) FROM requests WHERE key_id = ?", keyId);
    } catch (Exception e) {
      return -1;
    }
  }

  private long ledgerQuietly(String keyId) {
    try {
      return count("SELECT COUNT(*) FROM ledger WHERE key_id = ?", keyId);
    } catch (Exception e) {
      return -1;
    }
  }

  /** Waits until {@code done}; fails when it took more than {@code millis} since {@code from}. */
  private static void awaitWithin(long millis, long from, BooleanSupplier done, String what)
      throws InterruptedException {
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - from > millis * 1_000_000L) {
        throw new AssertionError(what + ": not within " + millis + " ms");
      }
      Thread.sleep(20);
    }
  }
}
