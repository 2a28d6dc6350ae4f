package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.Await;
import switchboard.store.redis.LocalServices;

/**
 * Three gateway nodes, each with its own data dir, sharing the machine's Redis (issue 16): a
 * budget's 50/75/90 % alerts fire once each across the cluster, not once per node, even though
 * every node settles requests past every threshold.
 */
class SharedAlertsIT {

  private static final String SECRET = "sk-sb-shared-alerts-0123456789";
  private static final String HOOK = "whsec-shared-alerts-0123456789";

  @TempDir Path dir;

  @BeforeEach
  void redisIsThere() {
    LocalServices.requireRedis();
  }

  @Test
  void eachThresholdFiresOnceAcrossThreeNodes() throws Exception {
    String base = "sim: {enabled: true, latency_ms: 0, tokens_per_second: 0}\n";
    String key = "keys:\n  - name: shared\n    secret: " + SECRET + "\n";
    double cost;
    try (GovernanceHarness probe =
        new GovernanceHarness(dir.resolve("probe"), base + key, Map.of(), Clock.systemUTC())) {
      cost =
          Double.parseDouble(
              probe.chat(SECRET, "sim/gpt-4o-mini", null).header("x-switchboard-cost-usd"));
    }
    Map<String, String> env =
        Map.of(
            "SWITCHBOARD_REDIS_URL",
            LocalServices.REDIS_URL,
            "SWITCHBOARD_REDIS_PREFIX",
            "sbtest:" + UUID.randomUUID() + ":",
            "HOOK_SECRET",
            HOOK);
    try (WebhookReceiver hooks = new WebhookReceiver(HOOK, 0)) {
      String yaml =
          base
              + "alerts:\n  webhook_url: "
              + hooks.url()
              + "\n  webhook_secret: ${HOOK_SECRET}\n"
              + key
              + "    budget: {limit_usd: "
              + (10 * cost)
              + ", period: monthly, mode: soft}\n";
      try (GovernanceHarness a = node("a", yaml, env);
          GovernanceHarness b = node("b", yaml, env);
          GovernanceHarness c = node("c", yaml, env)) {
        List<GovernanceHarness> nodes = List.of(a, b, c);
        // 12 requests round the nodes: 120 % of the budget, each node settling past 90 %.
        for (int i = 0; i < 12; i++) {
          assertThat(nodes.get(i % 3).chat(SECRET, "sim/gpt-4o-mini", null).status())
              .isEqualTo(200);
        }
        Await.until("three webhook deliveries", () -> hooks.accepted().size() >= 3);
        Thread.sleep(500); // any duplicate from another node would arrive by now
        assertThat(hooks.accepted().stream().map(d -> d.body().get("threshold_percent").asInt()))
            .containsExactlyInAnyOrder(50, 75, 90);
        int stored = 0;
        for (GovernanceHarness n : nodes) {
          stored += n.admin("GET", "/notifications", null).json().get("data").size();
        }
        assertThat(stored).as("notifications stored over the three nodes").isEqualTo(3);
      }
    }
  }

  private GovernanceHarness node(String name, String yaml, Map<String, String> env)
      throws Exception {
    return new GovernanceHarness(dir.resolve(name), yaml, env, Clock.systemUTC());
  }
}
