package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.route.RoutedGateway.body;
import static switchboard.route.ScriptedUpstream.ok;
import static switchboard.route.ScriptedUpstream.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Active health checks close an open breaker without a client's request being the probe. */
class ActiveCheckIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anOpenBreakerIsProbedByTheGatewayAndClosesWhenTheDeploymentAnswers() throws Exception {
    try (ScriptedUpstream fake = new ScriptedUpstream();
        RoutedGateway gw =
            RoutedGateway.start(
                """
            providers:
              fake: {vendor: custom, base_url: "http://127.0.0.1:%d/v1"}
            health: {consecutive_failures: 1, cooldown_ms: 200, active_check_ms: 50}
            """
                    .formatted(fake.port()))) {
      fake.script("flaky", status(503), ok());
      assertThat(gw.chat(body("fake/flaky", false, null)).statusCode()).isEqualTo(503);
      assertThat(mode(gw, "fake/flaky")).isEqualTo("open");

      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!"closed".equals(mode(gw, "fake/flaky")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(mode(gw, "fake/flaky")).isEqualTo("closed");
      // The second upstream call was the gateway's own one-token probe, not a client's request.
      assertThat(fake.calls("flaky")).isEqualTo(2);
      JsonNode probe = fake.bodies("flaky").get(1);
      assertThat(probe.path("max_tokens").asInt()).isEqualTo(1);
      assertThat(gw.send("GET", "/metrics", null).body())
          .contains("switchboard_active_checks_total{outcome=\"closed\"} 1");
    }
  }

  @Test
  void aDeploymentStillDownStaysOpenAndIsProbedAgainAfterEachCooldown() throws Exception {
    try (ScriptedUpstream fake = new ScriptedUpstream();
        RoutedGateway gw =
            RoutedGateway.start(
                """
            providers:
              fake: {vendor: custom, base_url: "http://127.0.0.1:%d/v1"}
            health: {consecutive_failures: 1, cooldown_ms: 100, active_check_ms: 20}
            """
                    .formatted(fake.port()))) {
      fake.script("down", status(503));
      assertThat(gw.chat(body("fake/down", false, null)).statusCode()).isEqualTo(503);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (fake.calls("down") < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(fake.calls("down")).isGreaterThanOrEqualTo(3);
      assertThat(mode(gw, "fake/down")).isIn("open", "half_open");
    }
  }

  @Test
  void withoutActiveChecksNothingIsProbed() throws Exception {
    try (ScriptedUpstream fake = new ScriptedUpstream();
        RoutedGateway gw =
            RoutedGateway.start(
                """
            providers:
              fake: {vendor: custom, base_url: "http://127.0.0.1:%d/v1"}
            health: {consecutive_failures: 1, cooldown_ms: 50}
            """
                    .formatted(fake.port()))) {
      fake.script("quiet", status(503), ok());
      assertThat(gw.chat(body("fake/quiet", false, null)).statusCode()).isEqualTo(503);
      Thread.sleep(400);
      assertThat(fake.calls("quiet")).isEqualTo(1);
    }
  }

  private static String mode(RoutedGateway gw, String deployment) throws Exception {
    JsonNode all = JSON.readTree(gw.send("GET", "/admin/v1/health", null).body());
    for (JsonNode d : all.path("data")) {
      if (d.path("deployment").asText().equals(deployment)) {
        return d.path("breaker").asText();
      }
    }
    return "unknown:" + all;
  }
}
