package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spent hard budget refuses with 402 before any provider is called; soft budgets do not. */
class HardLimitIT {

  @TempDir Path data;

  @Test
  void spentBudgetBlocksBeforeTheUpstreamIsCalled() throws Exception {
    MutableClock clock = new MutableClock();
    clock.set(Instant.parse("2026-05-20T08:00:00Z"));
    try (CountingUpstream upstream = new CountingUpstream();
        GovernanceHarness gw =
            new GovernanceHarness(
                data,
                """
            sim: {enabled: true, latency_ms: 0, tokens_per_second: 0}
            providers:
              counted:
                vendor: custom
                base_url: %s
                models: [counted-model]
            catalog:
              models:
                - {id: counted/counted-model, mode: chat, input: 1.0, output: 2.0}
            teams:
              platform:
                budget: {limit_usd: 0.00001}
            """
                    .formatted(upstream.baseUrl()),
                Map.of(),
                clock)) {
      String hard =
          gw.createKey("{\"name\":\"hard\",\"budget\":{\"limit_usd\":0.00001}}")
              .get("secret")
              .asText();
      String soft =
          gw.createKey(
                  "{\"name\":\"soft\",\"budget\":{\"limit_usd\":0.00001," + "\"mode\":\"soft\"}}")
              .get("secret")
              .asText();

      // One simulated answer (~$0.000013) spends the whole $0.00001.
      assertThat(gw.chat(hard, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      GovernanceHarness.Reply refused = gw.chat(hard, "counted/counted-model", null);
      assertThat(refused.status()).isEqualTo(402);
      assertThat(refused.json().at("/error/type").asText()).isEqualTo("budget_exceeded");
      assertThat(refused.json().at("/error/code").asText()).isEqualTo("budget_exceeded");
      assertThat(refused.json().at("/error/message").asText())
          .contains("$0.00001 monthly limit")
          .contains("resets at 2026-06-01T00:00:00Z");
      assertThat(gw.chat(hard, "counted/counted-model", "\"stream\":true").status()).isEqualTo(402);
      assertThat(upstream.requests()).as("the provider saw nothing").isZero();

      // Soft mode: alerts only; the master key is never limited.
      assertThat(gw.chat(soft, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      assertThat(gw.chat(soft, "counted/counted-model", null).status()).isEqualTo(200);
      assertThat(gw.chat(GovernanceHarness.MASTER, "counted/counted-model", null).status())
          .isEqualTo(200);
      assertThat(upstream.requests()).isEqualTo(2);

      // A team budget is shared: one member's spend blocks the others.
      String first =
          gw.createKey("{\"name\":\"p1\",\"owner\":\"platform\"}").get("secret").asText();
      String second =
          gw.createKey("{\"name\":\"p2\",\"owner\":\"platform\"}").get("secret").asText();
      assertThat(gw.chat(first, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      GovernanceHarness.Reply team = gw.chat(second, "counted/counted-model", null);
      assertThat(team.status()).isEqualTo(402);
      assertThat(team.json().at("/error/message").asText()).contains("team 'platform'");
      JsonNode teamStatus = gw.admin("GET", "/teams/platform/budget", null).json();
      assertThat(teamStatus.get("spent_usd").asDouble()).isGreaterThan(0.00001);
      assertThat(upstream.requests()).isEqualTo(2);

      // Next month the budget is fresh again.
      clock.set(Instant.parse("2026-06-01T00:00:01Z"));
      assertThat(gw.chat(hard, "counted/counted-model", null).status()).isEqualTo(200);
      assertThat(upstream.requests()).isEqualTo(3);
    }
  }
}
