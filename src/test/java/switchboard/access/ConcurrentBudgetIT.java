package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.usage.TokenCounter;

/**
 * 200 concurrent requests against a nearly spent hard budget: spend never passes the limit by more
 * than one request's reservation (the check-then-charge race peers lose).
 */
class ConcurrentBudgetIT {

  static final int MAX_TOKENS = 20;
  static final String EXTRA = "\"max_tokens\":" + MAX_TOKENS;

  @TempDir Path data;

  @Test
  void concurrentRequestsNeverOvershootByMoreThanOneReservation() throws Exception {
    try (GovernanceHarness gw =
        new GovernanceHarness(
            data,
            "sim: {enabled: true, latency_ms: 30, tokens_per_second: 0}\n",
            Map.of(),
            Clock.systemUTC())) {
      double cost =
          Double.parseDouble(
              gw.chat(GovernanceHarness.MASTER, "sim/gpt-4o-mini", EXTRA)
                  .header("x-switchboard-cost-usd"));
      double limit = 10 * cost;
      JsonNode key = gw.createKey("{\"name\":\"race\",\"budget\":{\"limit_usd\":" + limit + "}}");
      String secret = key.get("secret").asText();
      for (int i = 0; i < 9; i++) {
        assertThat(gw.chat(secret, "sim/gpt-4o-mini", EXTRA).status()).isEqualTo(200);
      }

      List<CompletableFuture<GovernanceHarness.Reply>> all = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        all.add(gw.chatAsync(secret, "sim/gpt-4o-mini", EXTRA));
      }
      int ok = 0;
      int refused = 0;
      for (CompletableFuture<GovernanceHarness.Reply> f : all) {
        int status = f.get().status();
        ok += status == 200 ? 1 : 0;
        refused += status == 402 ? 1 : 0;
      }
      assertThat(ok + refused).isEqualTo(200);
      assertThat(ok).isPositive();
      assertThat(refused).isPositive();

      // The largest reservation this request can make: its prompt at the input price plus
      // max_tokens at the output price (sim/gpt-4o-mini: $0.15 and $0.60 per million).
      long prompt =
          new TokenCounter()
              .prompt(
                  "gpt-4o-mini",
                  GovernanceHarness.JSON.readTree(
                      GovernanceHarness.chatBody("sim/gpt-4o-mini", EXTRA)));
      double reservation = (prompt * 0.15 + MAX_TOKENS * 0.60) * 1e-6;
      JsonNode status = gw.admin("GET", "/keys/" + key.get("id").asText() + "/budget", null).json();
      double spent = status.get("spent_usd").asDouble();
      assertThat(status.get("reserved_usd").asDouble()).isZero();
      assertThat(spent)
          .isGreaterThanOrEqualTo(limit - 1e-9)
          .isLessThanOrEqualTo(limit + reservation + 1e-9);
      assertThat(spent).isCloseTo((9 + ok) * cost, org.assertj.core.data.Offset.offset(1e-8));
    }
  }
}
