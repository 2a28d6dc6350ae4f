package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
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
import switchboard.fake.FakeOpenAi;

/**
 * {@code /admin/v1/config}: export, import, export again is the same document; an import is checked
 * as a whole and applied at once or not at all; no secret in the document or at rest.
 */
class ConfigAdminIT {

  static final String SECRET = "sk-local-provider-secret-0123456789abcdef";
  static final String NEW_SECRET = "sk-second-provider-secret-9876543210";
  static final String ENV_SECRET = "sk-fake-openai-provider-key-env-1234";
  static final String HOOK_SECRET = "whsec-config-test-0123456789abcdef";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String FILE =
      "upstream:\n"
          + "  connect_timeout_ms: 5000\n"
          + "policies:\n"
          + "  from-file: {kind: fallback, targets: [openai/gpt-4o-mini]}\n"
          + "settings:\n"
          + "  auto_cache: true\n";

  @TempDir Path data;
  FakeOpenAi openai;
  FakeOpenAi local;
  GatewayFixture gw;
  String keySecret;

  @BeforeEach
  void start() {
    openai = FakeOpenAi.start();
    local = FakeOpenAi.start();
    gw =
        GatewayFixture.startWithConfig(
            data, Map.of("OPENAI_API_KEY", ENV_SECRET, "OPENAI_BASE_URL", openai.baseUrl()), FILE);
    ok(
        gw.post(
            "/admin/v1/providers",
            "{\"id\":\"local\",\"vendor\":\"custom\",\"base_url\":\""
                + local.baseUrl()
                + "\",\"api_key\":\""
                + SECRET
                + "\",\"models\":[\"llama-3\"]}"));
    ok(
        gw.post(
            "/admin/v1/policies",
            "{\"name\":\"viaLocal\",\"kind\":\"fallback\",\"targets\":[\"local/llama-3\",\"openai/gpt-4o-mini\"]}"));
    ok(
        gw.send(
            request(
                "PATCH",
                "/admin/v1/settings",
                "application/json",
                "{\"webhooks\":[{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\""
                    + HOOK_SECRET
                    + "\"}]}")));
    HttpResponse<String> key = gw.post("/admin/v1/keys", "{\"name\":\"app\"}");
    ok(key);
    keySecret = GatewayFixture.json(key.body()).path("secret").asText();
    assertThat(keySecret).isNotBlank();
  }

  @AfterEach
  void stop() {
    gw.close();
    openai.close();
    local.close();
  }

  @Test
  void exportImportExportIsTheSameDocumentInYamlAndInJson() throws Exception {
    String first = exportYaml();
    assertThat(first)
        .contains("providers:", "local:", "openai:", "from-file:", "viaLocal:", "upstream:")
        .contains("name: \"app\"")
        .doesNotContain(SECRET, ENV_SECRET, HOOK_SECRET, keySecret);
    JsonNode doc = YAML.readTree(first);
    assertThat(doc.path("providers").path("local").path("api_key").asText()).isEqualTo("****cdef");
    assertThat(doc.path("settings").path("auto_cache").asBoolean()).isTrue();

    HttpResponse<String> put =
        gw.send(request("PUT", "/admin/v1/config", "application/yaml", first));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(put.body()).isEqualTo(first);
    assertThat(exportYaml()).isEqualTo(first);

    String json = gw.get("/admin/v1/config").body();
    ok(gw.send(request("PUT", "/admin/v1/config", "application/json", json)));
    assertThat(gw.get("/admin/v1/config").body()).isEqualTo(json);
    assertThat(exportYaml()).isEqualTo(first);

    // The masked secrets given back kept the ones in force.
    assertThat(chat("local/llama-3")).isEqualTo(200);
    assertThat(local.single().headers().get("authorization")).isEqualTo("Bearer " + SECRET);
    noSecretAtRest();
  }

  @Test
  void anImportReplacesProvidersPoliciesAndSettingsAtOnce() throws Exception {
    ObjectNode doc = (ObjectNode) YAML.readTree(exportYaml());
    ObjectNode providers = (ObjectNode) doc.get("providers");
    providers.remove("local");
    providers
        .putObject("second")
        .put("vendor", "custom")
        .put("base_url", local.baseUrl())
        .put("api_key", NEW_SECRET)
        .putArray("models")
        .add("m2");
    ObjectNode policies = (ObjectNode) doc.get("policies");
    policies.remove("viaLocal");
    policies.putObject("viaSecond").put("kind", "fallback").putArray("targets").add("second/m2");
    ((ObjectNode) doc.get("settings")).put("auto_cache", false);

    HttpResponse<String> put =
        gw.send(
            request("PUT", "/admin/v1/config", "application/yaml", YAML.writeValueAsString(doc)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(put.body()).doesNotContain(NEW_SECRET);
    assertThat(chat("local/llama-3")).isEqualTo(404);
    assertThat(chat("policy/viaLocal")).isEqualTo(404);
    assertThat(chat("policy/viaSecond")).isEqualTo(200);
    assertThat(local.single().headers().get("authorization")).isEqualTo("Bearer " + NEW_SECRET);
    JsonNode settings = GatewayFixture.json(gw.get("/admin/v1/settings").body());
    assertThat(settings.path("auto_cache").asBoolean()).isFalse();
    assertThat(settings.path("webhooks").get(0).path("secret").asText()).isEqualTo("****cdef");

    // Kept across a restart, as imported.
    String after = exportYaml();
    gw.close();
    gw =
        GatewayFixture.startWithConfig(
            data, Map.of("OPENAI_API_KEY", ENV_SECRET, "OPENAI_BASE_URL", openai.baseUrl()), FILE);
    assertThat(gw.output()).doesNotContain("not loaded");
    String restarted = exportYaml();
    assertThat(YAML.readTree(restarted).path("keys").size()).isEqualTo(1);
    assertThat(restarted).isEqualTo(after);
    noSecretAtRest();
  }

  @Test
  void aDocumentRefusedInAnyPartChangesNothing() throws Exception {
    String before = exportYaml();

    // A new provider is fine, but a policy names one that does not exist: nothing is applied.
    ObjectNode doc = (ObjectNode) YAML.readTree(before);
    ((ObjectNode) doc.get("providers"))
        .putObject("extra")
        .put("vendor", "custom")
        .put("base_url", local.baseUrl())
        .putArray("models")
        .add("x");
    ((ObjectNode) doc.get("policies"))
        .putObject("broken")
        .put("kind", "fallback")
        .putArray("targets")
        .add("missing/model");
    ((ObjectNode) doc.get("settings")).put("auto_cache", false);
    refused(doc, 404, null);

    ObjectNode badSettings = (ObjectNode) YAML.readTree(before);
    ((ObjectNode) badSettings.get("settings")).putObject("cache").put("ttl_seconds", -1);
    refused(badSettings, 400, "cache.ttl_seconds");

    ObjectNode badProvider = (ObjectNode) YAML.readTree(before);
    ((ObjectNode) badProvider.get("providers").get("local")).put("vendor", "nope");
    refused(badProvider, 400, "providers.local.vendor");

    ObjectNode envEdit = (ObjectNode) YAML.readTree(before);
    ((ObjectNode) envEdit.get("providers").get("openai")).put("base_url", "http://127.0.0.1:1/v1");
    refused(envEdit, 409, "providers.openai");

    ObjectNode startOnly = (ObjectNode) YAML.readTree(before);
    ((ObjectNode) startOnly.get("upstream")).put("connect_timeout_ms", 6000);
    refused(startOnly, 409, "upstream");

    ObjectNode keys = (ObjectNode) YAML.readTree(before);
    ((ObjectNode) keys.get("keys").get(0)).put("name", "renamed");
    refused(keys, 409, "keys");

    ObjectNode filePolicy = (ObjectNode) YAML.readTree(before);
    ((ObjectNode) filePolicy.get("policies").get("from-file")).put("kind", "loadbalance");
    refused(filePolicy, 409, "policies.from-file");

    ObjectNode unknown = (ObjectNode) YAML.readTree(before);
    unknown.putObject("nonsense");
    refused(unknown, 400, "nonsense");

    HttpResponse<String> notYaml =
        gw.send(request("PUT", "/admin/v1/config", "application/yaml", "a: [unclosed"));
    assertThat(notYaml.statusCode()).isEqualTo(400);

    assertThat(exportYaml()).isEqualTo(before);
    assertThat(chat("extra/x")).isEqualTo(404);
  }

  private void refused(ObjectNode doc, int status, String param) throws Exception {
    HttpResponse<String> r =
        gw.send(
            request("PUT", "/admin/v1/config", "application/yaml", YAML.writeValueAsString(doc)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    if (param != null) {
      assertThat(GatewayFixture.json(r.body()).path("error").path("param").asText())
          .isEqualTo(param);
    }
  }

  private String exportYaml() {
    HttpResponse<String> r =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/admin/v1/config"))
                .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
                .header("accept", "application/yaml")
                .GET()
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/yaml");
    return r.body();
  }

  private void noSecretAtRest() throws Exception {
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain(SECRET, NEW_SECRET, HOOK_SECRET);
      }
    }
  }

  private int chat(String model) {
    local.reset();
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

  private static void ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
  }

  private HttpRequest request(String method, String path, String type, String body) {
    return HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
        .header("content-type", type)
        .header("accept", type)
        .method(method, HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
