package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.observe.PrometheusText;
import switchboard.observe.PrometheusText.Family;
import switchboard.observe.PrometheusText.Sample;

/**
 * {@code /metrics} after real traffic parses as the Prometheus text format, strictly, and carries
 * budget use per key and team budget and the queue depths.
 */
class MetricsExpositionIT {

  @TempDir Path data;

  @Test
  void metricsParseAndShowBudgetUseAndQueues() throws Exception {
    MutableClock clock = new MutableClock();
    clock.set(Instant.parse("2026-05-20T08:00:00Z"));
    try (GovernanceHarness gw =
        new GovernanceHarness(
            data,
            """
            sim: {enabled: true, latency_ms: 0, tokens_per_second: 0}
            teams:
              "plat\\"form":
                budget: {limit_usd: 2}
            """,
            Map.of(),
            clock)) {
      String id =
          gw.createKey("{\"name\":\"metered\",\"budget\":{\"limit_usd\":0.001}}")
              .get("id")
              .asText();
      String key =
          gw.createKey("{\"name\":\"spender\",\"budget\":{\"limit_usd\":0.001}}")
              .get("secret")
              .asText();
      assertThat(gw.chat(key, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      assertThat(gw.chat(key, "sim/gpt-4o-mini", "\"stream\":true").status()).isEqualTo(200);

      String text =
          gw.http
              .send(
                  HttpRequest.newBuilder(URI.create(gw.base() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Map<String, Family> families = PrometheusText.parse(text);

      assertThat(families.get("switchboard_budget_used_ratio").type()).isEqualTo("gauge");
      assertThat(families.get("switchboard_budget_limit_usd").samples())
          .anySatisfy(
              s -> {
                assertThat(s.labels())
                    .containsEntry("scope", "team")
                    .containsEntry("id", "plat\"form")
                    .containsEntry("period", "monthly");
                assertThat(s.value()).isEqualTo(2.0);
              });
      // The spender's two answers were charged; the idle key's budget is untouched.
      assertThat(
              families.get("switchboard_budget_used_ratio").samples().stream()
                  .filter(s -> s.labels().get("scope").equals("key"))
                  .map(Sample::value))
          .hasSize(2)
          .contains(0.0)
          .anySatisfy(v -> assertThat(v).isGreaterThan(0));
      assertThat(
              families.get("switchboard_budget_used_ratio").samples().stream()
                  .filter(s -> s.labels().get("id").equals(id))
                  .map(Sample::value))
          .containsExactly(0.0);
      assertThat(families.get("switchboard_usage_queue_depth").type()).isEqualTo("gauge");
      assertThat(families.get("switchboard_store_queue_depth").type()).isEqualTo("gauge");
      assertThat(families.values()).anySatisfy(f -> assertThat(f.type()).isEqualTo("histogram"));
    }
  }
}
