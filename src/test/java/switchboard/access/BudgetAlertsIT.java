package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.Await;

/**
 * Budget alerts at 50/75/90 % fire exactly once each per period: a signed webhook (checked by a
 * real listener), the admin notification list, and again in the next period.
 */
class BudgetAlertsIT {

  static final String SECRET = "whsec-test-0123456789";

  @TempDir Path data;

  @Test
  void thresholdsFireOncePerPeriodWithSignedRetriedWebhooks() throws Exception {
    MutableClock clock = new MutableClock();
    clock.set(Instant.parse("2026-03-10T12:00:00Z"));
    try (WebhookReceiver hooks = new WebhookReceiver(SECRET, 1);
        GovernanceHarness gw =
            new GovernanceHarness(
                data,
                """
            sim: {enabled: true, latency_ms: 0, tokens_per_second: 0}
            alerts:
              webhook_url: %s
              webhook_secret: ${HOOK_SECRET}
              retry_base_ms: 50
            """
                    .formatted(hooks.url()),
                Map.of("HOOK_SECRET", SECRET),
                clock)) {
      double cost =
          Double.parseDouble(
              gw.chat(GovernanceHarness.MASTER, "sim/gpt-4o-mini", null)
                  .header("x-switchboard-cost-usd"));
      assertThat(cost).isPositive();
      JsonNode key =
          gw.createKey(
              "{\"name\":\"alerted\",\"budget\":{\"limit_usd\":"
                  + (10 * cost)
                  + ",\"mode\":\"soft\"}}");
      String secret = key.get("secret").asText();
      for (int i = 1; i <= 12; i++) {
        assertThat(gw.chat(secret, "sim/gpt-4o-mini", null).status())
            .as("soft budget, request " + i)
            .isEqualTo(200);
      }
      Await.until("three webhook deliveries", () -> hooks.accepted().size() >= 3);
      Thread.sleep(300); // any duplicate would arrive by now
      List<WebhookReceiver.Delivery> march = hooks.accepted();
      assertThat(march).hasSize(3).allMatch(WebhookReceiver.Delivery::signatureValid);
      assertThat(march.stream().map(d -> d.body().get("threshold_percent").asInt()))
          .containsExactlyInAnyOrder(50, 75, 90);
      assertThat(march.stream().map(WebhookReceiver.Delivery::id).distinct()).hasSize(3);
      assertThat(march)
          .allMatch(
              d ->
                  d.body().get("period_end").asText().equals("2026-04-01T00:00:00Z")
                      && d.body().get("scope").asText().equals("key:" + key.get("id").asText()));
      assertThat(hooks.received()).as("the first delivery was refused and retried").isEqualTo(4);

      JsonNode status = gw.admin("GET", "/keys/" + key.get("id").asText() + "/budget", null).json();
      assertThat(status.get("alerts_fired").toString()).isEqualTo("[50,75,90]");
      assertThat(status.get("spent_usd").asDouble())
          .isCloseTo(12 * cost, org.assertj.core.data.Offset.offset(cost / 100));
      assertThat(status.get("resets_at").asText()).isEqualTo("2026-04-01T00:00:00Z");
      JsonNode notes = gw.admin("GET", "/notifications", null).json().get("data");
      assertThat(notes).hasSize(3);

      // Next month: spend starts from zero, and 50 % fires again, once.
      clock.set(Instant.parse("2026-04-01T00:00:05Z"));
      for (int i = 1; i <= 6; i++) {
        assertThat(gw.chat(secret, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      }
      Await.until("the April delivery", () -> hooks.accepted().size() >= 4);
      Thread.sleep(300);
      List<WebhookReceiver.Delivery> all = hooks.accepted();
      assertThat(all).hasSize(4);
      JsonNode april = all.get(3).body();
      assertThat(april.get("threshold_percent").asInt()).isEqualTo(50);
      assertThat(april.get("period_start").asText()).isEqualTo("2026-04-01T00:00:00Z");
      assertThat(all.get(3).signatureValid()).isTrue();
      assertThat(gw.admin("GET", "/notifications", null).json().get("data")).hasSize(4);
      clock.advance(Duration.ofSeconds(1));
    }
  }
}
