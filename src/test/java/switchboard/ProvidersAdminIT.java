package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;

/**
 * Providers through the admin API: created, changed, disabled and deleted with no restart, their
 * secrets masked in every answer and sealed in the database, kept across a restart.
 */
class ProvidersAdminIT {

  static final String SECRET = "sk-local-provider-secret-0123456789abcdef";
  static final String HEADER_SECRET = "hdr-secret-value-9876543210zyxw";
  static final String ENV_SECRET = "sk-fake-openai-provider-key-env-1234";

  @TempDir Path data;
  FakeOpenAi openai;
  FakeOpenAi local;
  GatewayFixture gw;
  final List<String> logged = new ArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(
              r.getMessage() + " " + (r.getThrown() == null ? "" : String.valueOf(r.getThrown())));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void start() {
    Logger.getLogger("").addHandler(capture);
    openai = FakeOpenAi.start();
    local = FakeOpenAi.start();
    gw = start(data);
  }

  GatewayFixture start(Path dir) {
    return GatewayFixture.start(
        dir, Map.of("OPENAI_API_KEY", ENV_SECRET, "OPENAI_BASE_URL", openai.baseUrl()));
  }

  @AfterEach
  void stop() {
    Logger.getLogger("").removeHandler(capture);
    gw.close();
    openai.close();
    local.close();
  }

  String localSpec() {
    return "{\"id\":\"local\",\"vendor\":\"custom\",\"base_url\":\""
        + local.baseUrl()
        + "\",\"api_key\":\""
        + SECRET
        + "\",\"models\":[\"llama-3\"],\"headers\":{\"x-api-key\":\""
        + HEADER_SECRET
        + "\",\"x-team\":\"blue\"}}";
  }

  @Test
  void aCreatedProviderServesAtOnceWithItsSecretMaskedInEveryAnswer() throws Exception {
    HttpResponse<String> created = gw.post("/admin/v1/providers", localSpec());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    noSecrets(created.body());
    JsonNode p = GatewayFixture.json(created.body());
    assertThat(p.path("source").asText()).isEqualTo("admin");
    assertThat(p.path("enabled").asBoolean()).isTrue();
    assertThat(p.path("api_key").asText())
        .isEqualTo("****" + SECRET.substring(SECRET.length() - 4));
    assertThat(p.path("headers").path("x-api-key").asText()).startsWith("****");
    assertThat(p.path("headers").path("x-team").asText()).isEqualTo("blue");
    assertThat(p.path("deployments").get(0).path("deployment").asText()).isEqualTo("local/llama-3");

    assertThat(chat("local/llama-3")).isEqualTo(200);
    FakeOpenAi.Received sent = local.single();
    assertThat(sent.headers().get("authorization")).isEqualTo("Bearer " + SECRET);
    assertThat(sent.headers().get("x-api-key")).isEqualTo(HEADER_SECRET);

    HttpResponse<String> list = gw.get("/admin/v1/providers");
    noSecrets(list.body());
    JsonNode all = GatewayFixture.json(list.body()).path("data");
    assertThat(all.findValuesAsText("id")).contains("openai", "local");
    JsonNode env = find(all, "openai");
    assertThat(env.path("source").asText()).isEqualTo("env");
    assertThat(env.path("api_key").asText()).isEqualTo("****1234");

    HttpResponse<String> deployments = gw.get("/admin/v1/deployments");
    noSecrets(deployments.body());
    JsonNode d = find(GatewayFixture.json(deployments.body()).path("data"), "local/llama-3");
    assertThat(d.path("breaker").asText()).isEqualTo("closed");
    assertThat(d.path("available").asBoolean()).isTrue();
    assertThat(d.path("window_requests").asInt()).isEqualTo(1);
    assertThat(d.has("latency")).isTrue();
    assertThat(d.path("latency").has("ttft_ewma_ms")).isTrue();

    // A masked secret given back keeps the one in force; other fields change at once.
    HttpResponse<String> patched =
        gw.send(
            patch(
                "/admin/v1/providers/local",
                "{\"api_key\":\"" + p.path("api_key").asText() + "\",\"models\":[\"llama-4\"]}"));
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    noSecrets(patched.body());
    local.reset();
    assertThat(chat("local/llama-4")).isEqualTo(200);
    assertThat(local.single().headers().get("authorization")).isEqualTo("Bearer " + SECRET);

    assertNoSecretAtRest();
    assertThat(String.join("\n", logged) + gw.output()).doesNotContain(SECRET, HEADER_SECRET);
  }

  @Test
  void disableEnableAndDeleteTakeEffectWithoutRestart() {
    assertThat(gw.post("/admin/v1/providers", localSpec()).statusCode()).isEqualTo(201);
    HttpResponse<String> off = gw.post("/admin/v1/providers/local/disable", "");
    assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
    assertThat(GatewayFixture.json(off.body()).path("enabled").asBoolean()).isFalse();
    assertThat(chat("local/llama-3")).isEqualTo(404);
    assertThat(gw.post("/admin/v1/providers/local/enable", "").statusCode()).isEqualTo(200);
    assertThat(chat("local/llama-3")).isEqualTo(200);

    // A provider of the environment can be switched off and on, not edited or deleted.
    assertThat(gw.post("/admin/v1/providers/openai/disable", "").statusCode()).isEqualTo(200);
    assertThat(chat("openai/gpt-4o-mini")).isEqualTo(404);
    assertThat(gw.post("/admin/v1/providers/openai/enable", "").statusCode()).isEqualTo(200);
    assertThat(chat("openai/gpt-4o-mini")).isEqualTo(200);
    HttpResponse<String> edit =
        gw.send(patch("/admin/v1/providers/openai", "{\"base_url\":\"http://127.0.0.1:1/v1\"}"));
    assertThat(edit.statusCode()).isEqualTo(409);
    assertThat(GatewayFixture.json(edit.body()).path("error").path("code").asText())
        .isEqualTo("provider_read_only");
    assertThat(gw.send(delete("/admin/v1/providers/openai")).statusCode()).isEqualTo(409);

    // A policy that uses it keeps it from going away.
    assertThat(
            gw.post(
                    "/admin/v1/policies",
                    "{\"name\":\"viaLocal\",\"kind\":\"fallback\",\"targets\":[\"local/llama-3\"]}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> inUse = gw.send(delete("/admin/v1/providers/local"));
    assertThat(inUse.statusCode()).as(inUse.body()).isEqualTo(409);
    assertThat(GatewayFixture.json(inUse.body()).path("error").path("code").asText())
        .isEqualTo("provider_in_use");
    assertThat(gw.post("/admin/v1/providers/local/disable", "").statusCode()).isEqualTo(409);
    assertThat(chat("policy/viaLocal")).isEqualTo(200);
    assertThat(gw.send(delete("/admin/v1/policies/viaLocal")).statusCode()).isEqualTo(204);
    assertThat(gw.send(delete("/admin/v1/providers/local")).statusCode()).isEqualTo(204);
    assertThat(chat("local/llama-3")).isEqualTo(404);
    assertThat(gw.get("/admin/v1/providers/local").statusCode()).isEqualTo(404);
  }

  @Test
  void badEntriesAreRefusedNamingTheField() {
    assertThat(gw.post("/admin/v1/providers", "{\"vendor\":\"custom\"}").statusCode())
        .isEqualTo(400);
    HttpResponse<String> vendor =
        gw.post("/admin/v1/providers", "{\"id\":\"x\",\"vendor\":\"nope\",\"api_key\":\"k\"}");
    assertThat(vendor.statusCode()).isEqualTo(400);
    assertThat(GatewayFixture.json(vendor.body()).path("error").path("param").asText())
        .isEqualTo("vendor");
    HttpResponse<String> base =
        gw.post("/admin/v1/providers", "{\"id\":\"y\",\"vendor\":\"custom\",\"api_key\":\"k\"}");
    assertThat(base.statusCode()).isEqualTo(400);
    assertThat(GatewayFixture.json(base.body()).path("error").path("param").asText())
        .isEqualTo("base_url");
    HttpResponse<String> reserved =
        gw.post(
            "/admin/v1/providers", "{\"id\":\"policy\",\"base_url\":\"http://127.0.0.1:1/v1\"}");
    assertThat(reserved.statusCode()).isEqualTo(400);
    HttpResponse<String> masked =
        gw.post(
            "/admin/v1/providers",
            "{\"id\":\"z\",\"base_url\":\"http://127.0.0.1:1/v1\",\"api_key\":\"****abcd\"}");
    assertThat(masked.statusCode()).isEqualTo(400);
    assertThat(gw.post("/admin/v1/providers", localSpec()).statusCode()).isEqualTo(201);
    HttpResponse<String> twice = gw.post("/admin/v1/providers", localSpec());
    assertThat(twice.statusCode()).isEqualTo(409);
    noSecrets(twice.body());
    assertThat(gw.get("/admin/v1/providers/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void savedProvidersAndSwitchesSurviveARestart() {
    assertThat(gw.post("/admin/v1/providers", localSpec()).statusCode()).isEqualTo(201);
    assertThat(gw.post("/admin/v1/providers/openai/disable", "").statusCode()).isEqualTo(200);
    gw.close();
    gw = start(data);
    assertThat(gw.output()).doesNotContain("not loaded");
    assertThat(chat("local/llama-3")).isEqualTo(200);
    assertThat(local.single().headers().get("authorization")).isEqualTo("Bearer " + SECRET);
    assertThat(chat("openai/gpt-4o-mini")).isEqualTo(404);
    assertThat(Files.isRegularFile(data.resolve("secrets.key"))).isTrue();
  }

  private void assertNoSecretAtRest() throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + data.resolve("switchboard.db"));
        ResultSet rs =
            c.createStatement().executeQuery("SELECT spec FROM providers WHERE id = 'local'")) {
      assertThat(rs.next()).isTrue();
      JsonNode row = GatewayFixture.json(rs.getString(1));
      assertThat(row.path("api_key").asText()).startsWith("enc:v1:");
      assertThat(row.path("headers").path("x-api-key").asText()).startsWith("enc:v1:");
      assertThat(row.path("headers").path("x-team").asText()).isEqualTo("blue");
    }
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as(f.toString()).doesNotContain(SECRET, HEADER_SECRET);
      }
    }
  }

  private int chat(String model) {
    try {
      var unused =
          gw.sdk
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder().model(model).addUserMessage("hi").build());
      return 200;
    } catch (com.openai.errors.OpenAIServiceException e) {
      return e.statusCode();
    }
  }

  private static void noSecrets(String body) {
    assertThat(body).doesNotContain(SECRET, HEADER_SECRET, ENV_SECRET);
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode n : list) {
      if (id.equals(n.path("id").asText()) || id.equals(n.path("deployment").asText())) {
        return n;
      }
    }
    throw new AssertionError(id + " not in " + list);
  }

  private HttpRequest patch(String path, String json) {
    return HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
        .header("content-type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private HttpRequest delete(String path) {
    return HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
        .DELETE()
        .build();
  }
}
