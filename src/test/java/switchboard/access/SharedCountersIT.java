package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.store.redis.LocalServices;

/**
 * Two gateway nodes, each with its own data dir, sharing the machine's Redis (issue 16): a key's
 * rate limit and its budget are counted once across both, through the HTTP API.
 */
class SharedCountersIT {

  private static final String SECRET = "sk-sb-shared-counters-0123456789";

  @TempDir Path dir;

  @BeforeEach
  void redisIsThere() {
    LocalServices.requireRedis();
  }

  @Test
  void aRateLimitIsCountedOnceAcrossTwoNodes() throws Exception {
    String yaml =
        "sim: {enabled: true}\n"
            + "keys:\n  - name: shared\n    secret: "
            + SECRET
            + "\n    rate_limits: {rpm: 4}\n";
    Map<String, String> env = sharedRedis();
    try (GovernanceHarness a = node("a", yaml, env);
        GovernanceHarness b = node("b", yaml, env)) {
      awayFromTheMinutesEnd();
      assertThat(a.chat(SECRET, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      assertThat(b.chat(SECRET, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      assertThat(a.chat(SECRET, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      GovernanceHarness.Reply fourth = b.chat(SECRET, "sim/gpt-4o-mini", null);
      assertThat(fourth.status()).isEqualTo(200);
      assertThat(fourth.header("x-ratelimit-remaining-requests")).isEqualTo("0");
      // Alone, each node has seen two requests of four; together they have used the minute.
      GovernanceHarness.Reply fifth = a.chat(SECRET, "sim/gpt-4o-mini", null);
      if (fifth.status() == 200) {
        // The minute turned over between the fourth and the fifth request: try once more.
        assertThat(fifth.header("x-ratelimit-remaining-requests")).isEqualTo("3");
        return;
      }
      assertThat(fifth.status()).isEqualTo(429);
      assertThat(fifth.json().at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    }
  }

  /**
   * The request limit counts per calendar minute: four requests that straddle a minute's end are
   * counted in two windows, so the test starts them early in a minute.
   */
  private static void awayFromTheMinutesEnd() throws InterruptedException {
    long intoMinute = System.currentTimeMillis() % 60_000;
    if (intoMinute > 45_000) {
      Thread.sleep(60_000 - intoMinute + 200);
    }
  }

  @Test
  void aBudgetSpentOnOneNodeIsSpentOnTheOther() throws Exception {
    String base =
        "sim: {enabled: true}\n" + "keys:\n  - name: shared\n    secret: " + SECRET + "\n";
    Map<String, String> env = sharedRedis();
    double cost;
    try (GovernanceHarness probe = node("probe", base, Map.of())) {
      cost =
          Double.parseDouble(
              probe.chat(SECRET, "sim/gpt-4o-mini", null).header("x-switchboard-cost-usd"));
    }
    // Room for two requests and a half: the third is admitted (spend below the limit), the
    // fourth is refused, wherever it arrives.
    String yaml = base + "    budget: {limit_usd: " + (2.5 * cost) + ", period: monthly}\n";
    try (GovernanceHarness a = node("a", yaml, env);
        GovernanceHarness b = node("b", yaml, env)) {
      assertThat(a.chat(SECRET, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      assertThat(a.chat(SECRET, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      settled(b); // a settles after answering: its last reservation may still be held
      assertThat(b.chat(SECRET, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      settled(a);
      GovernanceHarness.Reply refused = b.chat(SECRET, "sim/gpt-4o-mini", null);
      assertThat(refused.status()).isEqualTo(402);
      assertThat(a.chat(SECRET, "sim/gpt-4o-mini", null).status()).isEqualTo(402);
      double spent =
          b.admin("GET", "/keys/cfg_shared/budget", null).json().path("spent_usd").asDouble();
      assertThat(spent).isCloseTo(3 * cost, org.assertj.core.data.Offset.offset(cost / 100));
    }
  }

  /** Waits until no reservation of the key is held, as seen from this node (Redis is shared). */
  private static void settled(GovernanceHarness node) throws Exception {
    long until = System.nanoTime() + 10_000_000_000L;
    while (node.admin("GET", "/keys/cfg_shared/budget", null).json().path("reserved_usd").asDouble()
        > 0) {
      if (System.nanoTime() > until) {
        throw new AssertionError("a reservation was never settled");
      }
      Thread.sleep(20);
    }
  }

  private Map<String, String> sharedRedis() {
    return Map.of(
        "SWITCHBOARD_REDIS_URL",
        LocalServices.REDIS_URL,
        "SWITCHBOARD_REDIS_PREFIX",
        "sbtest:" + UUID.randomUUID() + ":");
  }

  private GovernanceHarness node(String name, String yaml, Map<String, String> env)
      throws Exception {
    return new GovernanceHarness(dir.resolve(name), yaml, env, Clock.systemUTC());
  }
}
