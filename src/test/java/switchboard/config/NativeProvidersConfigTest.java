package switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.provider.ProviderConfig;

/** Anthropic, Gemini and Bedrock from the environment (SPEC §2) and from switchboard.yaml. */
class NativeProvidersConfigTest {

  @TempDir Path dir;

  private GatewayConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = yaml == null ? null : Files.writeString(dir.resolve("switchboard.yaml"), yaml);
    return ConfigLoader.load(file, env, 1_000_000);
  }

  private static ProviderConfig provider(GatewayConfig config, String id) {
    return config.providers().stream()
        .filter(p -> p.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no provider " + id + " in " + config.providers()));
  }

  @Test
  void theSdksVariablesEnableTheNativeProviders() throws Exception {
    GatewayConfig config =
        load(
            null,
            Map.of(
                "ANTHROPIC_API_KEY",
                "sk-ant",
                "ANTHROPIC_BASE_URL",
                "http://127.0.0.1:9002",
                "GOOGLE_API_KEY",
                "g-key",
                "AWS_ACCESS_KEY_ID",
                "AKID",
                "AWS_SECRET_ACCESS_KEY",
                "secret",
                "AWS_REGION",
                "eu-west-1",
                "AWS_SESSION_TOKEN",
                "tok"));
    assertThat(provider(config, "anthropic").apiKey()).isEqualTo("sk-ant");
    assertThat(provider(config, "anthropic").baseUrl()).isEqualTo("http://127.0.0.1:9002");
    assertThat(provider(config, "google").vendor()).isEqualTo("google");
    assertThat(provider(config, "google").apiKey()).isEqualTo("g-key");
    ProviderConfig bedrock = provider(config, "bedrock");
    assertThat(bedrock.apiKey()).isEqualTo("secret");
    assertThat(bedrock.settings())
        .containsEntry("region", "eu-west-1")
        .containsEntry("access_key_id", "AKID")
        .containsEntry("session_token", "tok");
    assertThat(bedrock.toString()).doesNotContain("secret").doesNotContain("tok");
  }

  @Test
  void geminiKeyWinsOverGoogleKey() throws Exception {
    GatewayConfig config = load(null, Map.of("GEMINI_API_KEY", "gem", "GOOGLE_API_KEY", "goo"));
    assertThat(provider(config, "google").apiKey()).isEqualTo("gem");
  }

  @Test
  void awsCredentialsWithoutARegionAreRefused() {
    assertThatThrownBy(
            () ->
                load(null, Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AWS_REGION");
  }

  @Test
  void aBedrockDeploymentPerRegionFromTheConfigFile() throws Exception {
    GatewayConfig config =
        load(
            """
        providers:
          bedrock-eu:
            vendor: bedrock
            region: eu-central-1
            access_key_id: ${KEY_ID}
            secret_access_key: ${SECRET}
        """,
            Map.of("KEY_ID", "AKID", "SECRET", "s3cr3t"));
    ProviderConfig p = provider(config, "bedrock-eu");
    assertThat(p.vendor()).isEqualTo("bedrock");
    assertThat(p.apiKey()).isEqualTo("s3cr3t");
    assertThat(p.setting("region")).isEqualTo("eu-central-1");
  }

  @Test
  void fileErrorsNameTheField() {
    assertThatThrownBy(
            () ->
                load(
                    """
        providers:
          bedrock: {access_key_id: a, secret_access_key: b}
        """,
                    Map.of()))
        .hasMessageContaining("providers.bedrock.region");
    assertThatThrownBy(
            () ->
                load(
                    """
        providers:
          anthropic: {api_key: k, access_key_id: AKID}
        """,
                    Map.of()))
        .hasMessageContaining("providers.anthropic.access_key_id")
        .hasMessageContaining("only Bedrock");
    assertThatThrownBy(
            () ->
                load(
                    """
        providers:
          claude: {vendor: anthropic, api_key: k, regoin: x}
        """,
                    Map.of()))
        .hasMessageContaining("providers.claude.regoin");
  }

  @Test
  void theSimulatorsIdsAreReserved() {
    assertThatThrownBy(
            () ->
                load(
                    """
        providers:
          sim-google: {vendor: google, api_key: k}
        """,
                    Map.of()))
        .hasMessageContaining("providers.sim-google")
        .hasMessageContaining("reserved");
  }

  @Test
  void aNativeVendorIsInferredFromTheProviderId() throws Exception {
    GatewayConfig config =
        load(
            """
        providers:
          anthropic: {api_key: k}
          google: {api_key: g, base_url: "http://127.0.0.1:9003"}
        """,
            Map.of());
    assertThat(provider(config, "anthropic").vendor()).isEqualTo("anthropic");
    assertThat(provider(config, "google").baseUrl()).isEqualTo("http://127.0.0.1:9003");
  }
}
