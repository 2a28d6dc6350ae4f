package switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.provider.ProviderConfig;
import switchboard.provider.simulated.SimSettings;

class ConfigLoaderTest {

  private static final long LIMIT = 1_000_000;

  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    return Files.writeString(dir.resolve("switchboard.yaml"), text);
  }

  private GatewayConfig load(String yaml, Map<String, String> env) throws Exception {
    return ConfigLoader.load(yaml == null ? null : yaml(yaml), env, LIMIT);
  }

  private static ProviderConfig provider(GatewayConfig config, String id) {
    return config.providers().stream()
        .filter(p -> p.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no provider " + id + " in " + config.providers()));
  }

  // ---------------------------------------------------------------- environment

  @Test
  void providersComeFromApiKeysInTheEnvironment() throws Exception {
    GatewayConfig config =
        load(
            null,
            Map.of(
                "OPENAI_API_KEY", " sk-openai ",
                "MISTRAL_API_KEY", "mk",
                "MISTRAL_BASE_URL", "https://eu.mistral.example/v1",
                "GROQ_API_KEY", "   ",
                "UNRELATED_API_KEY", "x"));

    assertThat(config.providers())
        .extracting(ProviderConfig::id)
        .containsExactly("openai", "mistral");
    assertThat(provider(config, "openai").apiKey()).isEqualTo("sk-openai");
    assertThat(provider(config, "openai").baseUrl()).isNull();
    assertThat(provider(config, "openai").vendor()).isEqualTo("openai");
    assertThat(provider(config, "mistral").baseUrl()).isEqualTo("https://eu.mistral.example/v1");
    assertThat(config.demo()).isFalse();
    assertThat(config.sim().enabled()).isFalse();
    assertThat(config.maxBodyBytes()).isEqualTo(LIMIT);
  }

  @Test
  void azureFromTheEnvironmentNeedsAnEndpoint() {
    assertThatThrownBy(() -> load(null, Map.of("AZURE_OPENAI_API_KEY", "az")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AZURE_OPENAI_ENDPOINT");
  }

  @Test
  void azureFromTheEnvironment() throws Exception {
    GatewayConfig config =
        load(
            null,
            Map.of(
                "AZURE_OPENAI_API_KEY",
                "az",
                "AZURE_OPENAI_ENDPOINT",
                "https://res.openai.azure.com",
                "AZURE_OPENAI_API_VERSION",
                "2025-04-01-preview"));

    ProviderConfig azure = provider(config, "azure");
    assertThat(azure.baseUrl()).isEqualTo("https://res.openai.azure.com");
    assertThat(azure.apiVersion()).isEqualTo("2025-04-01-preview");
    assertThat(azure.apiKey()).isEqualTo("az");
  }

  // ---------------------------------------------------------------- demo mode and sim

  @Test
  void nothingConfiguredMeansDemoModeOnTheSimulators() throws Exception {
    for (String yaml : new String[] {null, "", "# only a comment\n", "providers: {}\n"}) {
      GatewayConfig config = load(yaml, Map.of());

      assertThat(config.demo()).as("yaml %s", yaml).isTrue();
      assertThat(config.providers()).isEmpty();
      assertThat(config.sim().enabled()).isTrue();
      assertThat(config.sim().firstTokenMillis()).isEqualTo(SimSettings.DEFAULT.firstTokenMillis());
    }
  }

  @Test
  void simEnabledBesideRealProviders() throws Exception {
    GatewayConfig config =
        load(
            """
        sim:
          enabled: true
          latency_ms: 20
          tokens_per_second: 0
          failure_rate: 0.25
        """,
            Map.of("OPENAI_API_KEY", "k"));

    assertThat(config.demo()).isFalse();
    assertThat(config.sim()).isEqualTo(new SimSettings(true, 20, 0, 0.25));
  }

  @Test
  void simEnabledFromTheEnvironment() throws Exception {
    assertThat(load(null, Map.of("OPENAI_API_KEY", "k", "SWITCHBOARD_SIM", "1")).sim().enabled())
        .isTrue();
    assertThat(load(null, Map.of("OPENAI_API_KEY", "k", "SWITCHBOARD_SIM", "true")).sim().enabled())
        .isTrue();
    assertThat(
            load("sim: {enabled: false}\n", Map.of("OPENAI_API_KEY", "k", "SWITCHBOARD_SIM", "1"))
                .sim()
                .enabled())
        .as("the file wins")
        .isFalse();
  }

  @Test
  void simFailureRateMustBeAShare() {
    assertThatThrownBy(() -> load("sim: {failure_rate: 1.5}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("sim.failure_rate:");
  }

  // ---------------------------------------------------------------- providers in the file

  @Test
  void fileProvidersWithInterpolation() throws Exception {
    GatewayConfig config =
        load(
            """
        providers:
          local:
            vendor: custom
            base_url: http://127.0.0.1:${LLAMA_PORT}/v1
            models: [llama3.2, "${EXTRA_MODEL}"]
          azure:
            api_key: ${AZ_KEY}
            base_url: https://my-resource.openai.azure.com
            api_version: 2024-10-21
            models: [my-gpt4o-deployment]
          openrouter:
            api_key: "prefix-${OR_KEY}-suffix"
            headers: {HTTP-Referer: https://example.com, X-Title: "${APP}"}
        """,
            Map.of(
                "LLAMA_PORT",
                "11434",
                "EXTRA_MODEL",
                "qwen2.5",
                "AZ_KEY",
                "az-secret",
                "OR_KEY",
                "a$b\\c",
                "APP",
                "my-app"));

    assertThat(config.providers())
        .extracting(ProviderConfig::id)
        .containsExactly("local", "azure", "openrouter");
    ProviderConfig local = provider(config, "local");
    assertThat(local.vendor()).isEqualTo("custom");
    assertThat(local.baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
    assertThat(local.models()).containsExactly("llama3.2", "qwen2.5");
    assertThat(local.apiKey()).isEmpty();
    ProviderConfig azure = provider(config, "azure");
    assertThat(azure.vendor()).isEqualTo("azure");
    assertThat(azure.apiKey()).isEqualTo("az-secret");
    assertThat(azure.apiVersion()).isEqualTo("2024-10-21");
    ProviderConfig openRouter = provider(config, "openrouter");
    assertThat(openRouter.apiKey()).isEqualTo("prefix-a$b\\c-suffix");
    assertThat(openRouter.headers())
        .containsEntry("HTTP-Referer", "https://example.com")
        .containsEntry("X-Title", "my-app");
    assertThat(config.demo()).isFalse();
  }

  @Test
  void aFileProviderReplacesTheEnvironmentOne() throws Exception {
    GatewayConfig config =
        load(
            """
        providers:
          openai:
            api_key: from-file
            base_url: https://proxy.example/v1
        """,
            Map.of("OPENAI_API_KEY", "from-env", "DEEPSEEK_API_KEY", "d"));

    assertThat(config.providers())
        .extracting(ProviderConfig::id)
        .containsExactly("openai", "deepseek");
    assertThat(provider(config, "openai").apiKey()).isEqualTo("from-file");
    assertThat(provider(config, "openai").baseUrl()).isEqualTo("https://proxy.example/v1");
  }

  @Test
  void unsetVariableIsAnErrorNamingThePath() {
    assertThatThrownBy(() -> load("providers:\n  openai:\n    api_key: ${MISSING_KEY}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("providers.openai.api_key: environment variable MISSING_KEY is not set");
  }

  @Test
  void customVendorNeedsABaseUrl() {
    assertThatThrownBy(() -> load("providers:\n  local:\n    models: [x]\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("providers.local.base_url: required for vendor 'custom'");
    assertThatThrownBy(() -> load("providers:\n  az:\n    vendor: azure\n", Map.of()))
        .hasMessage("providers.az.base_url: required for vendor 'azure'");
  }

  @Test
  void baseUrlMustBeHttp() {
    assertThatThrownBy(() -> load("providers:\n  local:\n    base_url: localhost:8080\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("providers.local.base_url:");
  }

  @Test
  void unknownVendorReservedAndBadIdsAreRefused() {
    assertThatThrownBy(() -> load("providers:\n  x:\n    vendor: acme\n", Map.of()))
        .hasMessage("providers.x.vendor: unknown vendor 'acme'");
    assertThatThrownBy(() -> load("providers:\n  x:\n    vendor: sim\n", Map.of()))
        .hasMessage("providers.x.vendor: unknown vendor 'sim'");
    assertThatThrownBy(() -> load("providers:\n  sim:\n    base_url: http://a\n", Map.of()))
        .hasMessageStartingWith("providers.sim:")
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> load("providers:\n  policy:\n    base_url: http://a\n", Map.of()))
        .hasMessageStartingWith("providers.policy:");
    assertThatThrownBy(() -> load("providers:\n  MyLLM:\n    base_url: http://a\n", Map.of()))
        .hasMessageStartingWith("providers.MyLLM:");
    assertThatThrownBy(() -> load("providers:\n  x: http://a\n", Map.of()))
        .hasMessage("providers.x: must be a mapping");
    assertThatThrownBy(() -> load("providers:\n  x:\n    base_url: [http://a]\n", Map.of()))
        .hasMessage("providers.x.base_url: must be a string");
  }

  // ---------------------------------------------------------------- unknown keys

  @Test
  void unknownTopLevelKeyIsRefusedWithItsPath() {
    assertThatThrownBy(() -> load("provders:\n  openai: {}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("provders: unknown setting")
        .hasMessageContaining("providers");
  }

  @Test
  void unknownProviderKeyIsRefusedWithItsPath() {
    assertThatThrownBy(() -> load("providers:\n  openai:\n    apikey: x\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("providers.openai.apikey: unknown setting")
        .hasMessageContaining("api_key");
  }

  @Test
  void unknownKeysInsideSimServerAndCatalogAreRefusedWithTheirPath() {
    assertThatThrownBy(() -> load("sim:\n  enabeld: true\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("sim.enabeld: unknown setting");
    assertThatThrownBy(() -> load("server:\n  max_body_size: 10\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("server.max_body_size: unknown setting");
    assertThatThrownBy(() -> load("catalog:\n  model:\n    - id: a/b\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("catalog.model: unknown setting");
  }

  @Test
  void documentMustBeAMapping() {
    assertThatThrownBy(() -> load("- a\n- b\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config:");
  }

  // ---------------------------------------------------------------- server and catalog

  @Test
  void serverBodyLimitAndCatalogOverrides() throws Exception {
    GatewayConfig config =
        load(
            """
        server:
          max_body_bytes: 2048
        catalog:
          models:
            - id: local/llama3.2
              mode: chat
              input: 0
              output: 0
            - id: openai/gpt-5.5
              input: 1
        """,
            Map.of("OPENAI_API_KEY", "k"));

    assertThat(config.maxBodyBytes()).isEqualTo(2048);
    assertThat(config.catalogOverrides()).hasSize(2);
    assertThat(config.catalogOverrides().get(0).path("id").asText()).isEqualTo("local/llama3.2");
    assertThat(config.catalogOverrides().get(1).path("input").asInt()).isEqualTo(1);
  }

  @Test
  void nonPositiveBodyLimitIsRefused() {
    assertThatThrownBy(() -> load("server: {max_body_bytes: 0}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("server.max_body_bytes:");
  }

  @Test
  void catalogOverridesDefaultToNone() throws Exception {
    assertThat(load(null, Map.of()).catalogOverrides()).isEqualTo(List.of());
  }
}
