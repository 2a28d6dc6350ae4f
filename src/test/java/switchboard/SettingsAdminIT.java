package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/v1/settings}: the file's section until one is saved, checked as a whole. */
class SettingsAdminIT {

  static final String HOOK_SECRET = "whsec-settings-test-0123456789abcdef";
  static final String YAML = "settings:\n  auto_cache: true\n  cache: {ttl_seconds: 60}\n";

  @TempDir Path data;
  GatewayFixture gw;

  @BeforeEach
  void start() {
    gw = GatewayFixture.startWithConfig(data, Map.of(), YAML);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void theFilesSectionIsServedCompleteThenChangedSavedAndKeptAcrossARestart() throws Exception {
    JsonNode initial = GatewayFixture.json(gw.get("/admin/v1/settings").body());
    assertThat(initial.path("auto_cache").asBoolean()).isTrue();
    assertThat(initial.path("cache").path("enabled").asBoolean()).isFalse();
    assertThat(initial.path("cache").path("ttl_seconds").asLong()).isEqualTo(60);
    assertThat(initial.path("guardrails").path("pii").asText()).isEqualTo("off");
    assertThat(initial.path("guardrails").path("injection").asText()).isEqualTo("off");
    assertThat(initial.path("webhooks").isArray()).isTrue();
    assertThat(initial.path("price_overrides").isArray()).isTrue();

    HttpResponse<String> patched =
        gw.send(
            request(
                "PATCH",
                "{\"guardrails\":{\"pii\":\"redact\"},\"cache\":{\"enabled\":true},"
                    + "\"webhooks\":[{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\""
                    + HOOK_SECRET
                    + "\"}],\"price_overrides\":[{\"id\":\"sim/gpt-4o-mini\",\"input\":1.5}]}"));
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(patched.body()).doesNotContain(HOOK_SECRET);
    JsonNode now = GatewayFixture.json(patched.body());
    assertThat(now.path("guardrails").path("pii").asText()).isEqualTo("redact");
    assertThat(now.path("guardrails").path("injection").asText()).isEqualTo("off");
    assertThat(now.path("cache").path("enabled").asBoolean()).isTrue();
    assertThat(now.path("cache").path("ttl_seconds").asLong()).isEqualTo(60);
    assertThat(now.path("webhooks").get(0).path("secret").asText()).isEqualTo("****cdef");
    assertThat(now.path("webhooks").get(0).path("events").get(0).asText())
        .isEqualTo("budget.threshold");
    assertThat(now.path("price_overrides").get(0).path("input").asDouble()).isEqualTo(1.5);

    // What an answer shows, given back as it is, changes nothing (the masked secret is kept).
    HttpResponse<String> put = gw.send(request("PUT", patched.body()));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(GatewayFixture.json(put.body())).isEqualTo(now);

    gw.close();
    gw = GatewayFixture.startWithConfig(data, Map.of(), YAML);
    assertThat(GatewayFixture.json(gw.get("/admin/v1/settings").body())).isEqualTo(now);
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain(HOOK_SECRET);
      }
    }
  }

  @Test
  void anInvalidDocumentChangesNothingAndNamesTheField() {
    String before = gw.get("/admin/v1/settings").body();
    assertThat(error(request("PATCH", "{\"cache\":{\"ttl_seconds\":0}}")))
        .isEqualTo("cache.ttl_seconds");
    assertThat(error(request("PUT", "{\"guardrails\":{\"pii\":\"maybe\"}}")))
        .isEqualTo("guardrails.pii");
    assertThat(error(request("PUT", "{\"autocache\":true}"))).isEqualTo("autocache");
    assertThat(error(request("PUT", "{\"webhooks\":[{\"url\":\"ftp://x\"}]}")))
        .isEqualTo("webhooks[0].url");
    assertThat(error(request("PUT", "{\"webhooks\":[{\"url\":\"http://x\",\"secret\":\"****\"}]}")))
        .isEqualTo("webhooks[0].secret");
    assertThat(error(request("PUT", "{\"price_overrides\":[{\"id\":\"gpt\",\"input\":1}]}")))
        .isEqualTo("price_overrides[0].id");
    assertThat(gw.get("/admin/v1/settings").body()).isEqualTo(before);
  }

  private String error(HttpRequest request) {
    HttpResponse<String> r = gw.send(request);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return GatewayFixture.json(r.body()).path("error").path("param").asText();
  }

  private HttpRequest request(String method, String json) {
    return HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/admin/v1/settings"))
        .timeout(Duration.ofSeconds(30))
        .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
        .header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json))
        .build();
  }
}
