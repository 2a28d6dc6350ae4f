package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway key's {@code bound_policies}: its requests for a bound policy's primary model go
 * through the policy (failover without code changes); other keys' requests do not.
 */
class BoundPolicyIT {

  static final String APP_KEY = "sk-app-bound-policy-test-0123456789";
  @TempDir static Path data;
  static GatewayFixture gw;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    gw =
        GatewayFixture.startWithConfig(
            data,
            Map.of("SWITCHBOARD_SIM", "1", "APP_KEY", APP_KEY),
            """
        sim:
          enabled: true
          latency_ms: 0
          tokens_per_second: 0
        policies:
          resilient:
            kind: fallback
            targets:
              - {model: sim/down}
              - {model: sim/gpt-4o-mini}
        keys:
          - name: app
            secret: ${APP_KEY}
            bound_policies: [resilient]
        """);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<String> ask(String key) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(20))
            .header("authorization", "Bearer " + key)
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sim/down\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void boundKeyFailsOverThroughItsPolicy() throws Exception {
    HttpResponse<String> response = ask(APP_KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-switchboard-model")).hasValue("sim/gpt-4o-mini");
    assertThat(response.headers().firstValue("x-switchboard-attempts")).hasValue("2");
  }

  @Test
  void unboundKeyGetsTheModelItNamed() throws Exception {
    HttpResponse<String> response = ask(GatewayFixture.MASTER_KEY);

    assertThat(response.statusCode()).isEqualTo(503);
  }
}
