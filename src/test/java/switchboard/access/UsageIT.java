package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost per request with markup and a per-deployment price override, recorded in the ledger; usage
 * queries by key, model, provider and day; tokens counted by the gateway for a stream cut short.
 */
class UsageIT {

  @TempDir Path data;

  @Test
  void ledgerAnswersUsageQueries() throws Exception {
    MutableClock clock = new MutableClock();
    clock.set(Instant.parse("2026-08-14T09:30:00Z"));
    try (GovernanceHarness gw =
        new GovernanceHarness(
            data,
            """
        sim: {enabled: true, latency_ms: 0, tokens_per_second: 500}
        pricing:
          markup_percent: 10
          deployments:
            - {id: sim/echo, output: 1.2}
        """,
            Map.of(),
            clock)) {
      JsonNode a = gw.createKey("{\"name\":\"a\",\"budget\":{\"limit_usd\":5}}");
      JsonNode b = gw.createKey("{\"name\":\"b\"}");
      String aId = a.get("id").asText();
      String bId = b.get("id").asText();

      double aCost = 0;
      for (int i = 0; i < 2; i++) {
        GovernanceHarness.Reply r = gw.chat(a.get("secret").asText(), "sim/gpt-4o-mini", null);
        double expected =
            (r.json().at("/usage/prompt_tokens").asLong() * 0.15
                    + r.json().at("/usage/completion_tokens").asLong() * 0.60)
                * 1e-6
                * 1.10;
        double header = Double.parseDouble(r.header("x-switchboard-cost-usd"));
        assertThat(header).isCloseTo(expected, offset(1e-9));
        aCost += header;
      }
      GovernanceHarness.Reply echo = gw.chat(b.get("secret").asText(), "sim/echo", null);
      double echoCost =
          (echo.json().at("/usage/prompt_tokens").asLong() * 0.15
                  + echo.json().at("/usage/completion_tokens").asLong() * 1.2)
              * 1e-6
              * 1.10;
      assertThat(Double.parseDouble(echo.header("x-switchboard-cost-usd")))
          .isCloseTo(echoCost, offset(1e-9));
      // A stream that is cut short reports no usage: the gateway counts what it relayed.
      GovernanceHarness.Reply cut =
          gw.chat(b.get("secret").asText(), "sim/broken-stream", "\"stream\":true");
      assertThat(cut.status()).isEqualTo(200);

      Map<String, JsonNode> byKey = rows(gw, "key", "");
      assertThat(byKey.get(aId).get("requests").asLong()).isEqualTo(2);
      assertThat(byKey.get(aId).get("cost_usd").asDouble()).isCloseTo(aCost, offset(1e-9));
      assertThat(byKey.get(aId).at("/cost_breakdown_usd/markup").asDouble())
          .isCloseTo(aCost / 11, offset(1e-9));
      assertThat(byKey.get(bId).get("requests").asLong()).isEqualTo(2);
      assertThat(byKey).doesNotContainKey("master");

      Map<String, JsonNode> byModel = rows(gw, "model", "");
      assertThat(byModel.keySet())
          .containsExactlyInAnyOrder("sim/gpt-4o-mini", "sim/echo", "sim/broken-stream");
      JsonNode broken = byModel.get("sim/broken-stream");
      assertThat(broken.get("input_tokens").asLong()).isPositive();
      assertThat(broken.get("output_tokens").asLong()).isPositive();

      assertThat(rows(gw, "provider", "").get("sim").get("requests").asLong()).isEqualTo(4);
      assertThat(rows(gw, "day", "").keySet()).containsExactly("2026-08-14");
      assertThat(rows(gw, "model", "&key_id=" + aId).keySet()).containsExactly("sim/gpt-4o-mini");
      assertThat(rows(gw, "day", "&from=2026-08-15")).isEmpty();

      JsonNode budget = gw.admin("GET", "/keys/" + aId + "/budget", null).json();
      assertThat(budget.get("spent_usd").asDouble()).isCloseTo(aCost, offset(1e-8));
      assertThat(budget.get("limit_usd").asDouble()).isEqualTo(5.0);
      assertThat(budget.get("period_start").asText()).isEqualTo("2026-08-01T00:00:00Z");
      assertThat(budget.get("resets_at").asText()).isEqualTo("2026-09-01T00:00:00Z");
      assertThat(gw.admin("GET", "/usage?group_by=colour", null).json().at("/error/param").asText())
          .isEqualTo("group_by");
    }
  }

  private static Map<String, JsonNode> rows(GovernanceHarness gw, String group, String more)
      throws Exception {
    GovernanceHarness.Reply r = gw.admin("GET", "/usage?group_by=" + group + more, null);
    assertThat(r.status()).isEqualTo(200);
    Map<String, JsonNode> out = new HashMap<>();
    r.json().get("data").forEach(row -> out.put(row.get(group).asText(), row));
    return out;
  }
}
