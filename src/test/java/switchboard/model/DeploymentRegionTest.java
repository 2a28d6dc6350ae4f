package switchboard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.provider.Provider;
import switchboard.provider.ProviderConfig;
import switchboard.provider.bedrock.BedrockProvider;
import switchboard.provider.compatible.OpenAiCompatibleProvider;
import switchboard.provider.compatible.Vendors;

class DeploymentRegionTest {

  private static ProviderConfig entry(String vendor, String baseUrl, String region) {
    return new ProviderConfig(
        "p",
        vendor,
        "k",
        baseUrl,
        null,
        List.of(),
        Map.of(),
        region == null ? Map.of() : Map.of("region", region));
  }

  @Test
  void cloudRegionsAndLocationsBecomeTheirGeography() {
    assertThat(DeploymentRegion.normalise("eu-central-1")).isEqualTo("eu");
    assertThat(DeploymentRegion.normalise("eu-west-3")).isEqualTo("eu");
    assertThat(DeploymentRegion.normalise("us-east-1")).isEqualTo("us");
    assertThat(DeploymentRegion.normalise("us-gov-west-1")).isEqualTo("us");
    assertThat(DeploymentRegion.normalise("ap-northeast-1")).isEqualTo("ap");
    assertThat(DeploymentRegion.normalise("westeurope")).isEqualTo("eu");
    assertThat(DeploymentRegion.normalise("Sweden Central")).isEqualTo("eu");
    assertThat(DeploymentRegion.normalise("germanywestcentral")).isEqualTo("eu");
    assertThat(DeploymentRegion.normalise("eastus2")).isEqualTo("us");
    assertThat(DeploymentRegion.normalise("japaneast")).isEqualTo("ap");
    assertThat(DeploymentRegion.normalise("europe-west4")).isEqualTo("eu");
    assertThat(DeploymentRegion.normalise("us-central1")).isEqualTo("us");
    assertThat(DeploymentRegion.normalise("asia-northeast1")).isEqualTo("ap");
    assertThat(DeploymentRegion.normalise("northamerica-northeast1")).isEqualTo("ca");
  }

  @Test
  void aRegionCodeIsKeptAsGivenAndUnknownNamesNeverBecomeEu() {
    assertThat(DeploymentRegion.normalise("EU")).isEqualTo("eu");
    assertThat(DeploymentRegion.normalise("us")).isEqualTo("us");
    assertThat(DeploymentRegion.normalise("westeurop")).isEqualTo("westeurop");
    assertThat(DeploymentRegion.valid("eu")).isTrue();
    assertThat(DeploymentRegion.valid("eu central")).isFalse();
    assertThat(DeploymentRegion.valid("")).isFalse();
  }

  @Test
  void theExplicitRegionWinsOverTheHost() {
    assertThat(
            DeploymentRegion.of(
                entry("custom", "https://api.mistral.ai/v1", "us").setting("region"), null))
        .isEqualTo("us");
    assertThat(
            DeploymentRegion.of(
                entry("azure", "https://r.openai.azure.com", "swedencentral").setting("region"),
                "x"))
        .isEqualTo("eu");
  }

  @Test
  void theEndpointHostSaysWhereWhenNoRegionIsGiven() {
    assertThat(DeploymentRegion.fromHost("https://api.mistral.ai/v1")).isEqualTo("eu");
    assertThat(DeploymentRegion.fromHost("https://eu.api.openai.com/v1")).isEqualTo("eu");
    assertThat(DeploymentRegion.fromHost("https://api.openai.com/v1")).isNull();
    assertThat(DeploymentRegion.fromHost("https://bedrock-runtime.eu-west-1.amazonaws.com"))
        .isEqualTo("eu");
    assertThat(
            DeploymentRegion.fromHost(
                "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/europe-west4/endpoints/openapi"))
        .isEqualTo("eu");
    assertThat(DeploymentRegion.fromHost("https://us-central1-aiplatform.googleapis.com"))
        .isEqualTo("us");
    assertThat(DeploymentRegion.fromHost("https://westeurope.api.cognitive.microsoft.com"))
        .isEqualTo("eu");
    assertThat(DeploymentRegion.fromHost("https://myresource.openai.azure.com")).isNull();
    assertThat(DeploymentRegion.fromHost("http://127.0.0.1:9001/v1")).isNull();
    assertThat(DeploymentRegion.fromHost("not a url")).isNull();
  }

  @Test
  void bedrockInferenceProfilesRouteByTheirPrefix() {
    assertThat(DeploymentRegion.forModel("bedrock", "eu", "anthropic.claude-3-haiku"))
        .isEqualTo("eu");
    assertThat(DeploymentRegion.forModel("bedrock", "eu", "us.anthropic.claude-sonnet-4"))
        .isEqualTo("us");
    assertThat(DeploymentRegion.forModel("bedrock", "us", "eu.anthropic.claude-sonnet-4"))
        .isEqualTo("eu");
    assertThat(DeploymentRegion.forModel("bedrock", "eu", "global.anthropic.claude-sonnet-4"))
        .isNull();
    assertThat(DeploymentRegion.forModel("custom", "eu", "global.x")).isEqualTo("eu");
  }

  @Test
  void providersReportTheirRegionAndOpenAiGetsItsEuEndpointAsPreset() {
    Provider mistral =
        new OpenAiCompatibleProvider(
            entry("mistral", null, null), Vendors.find("mistral").orElseThrow());
    assertThat(mistral.region("mistral-large-latest")).isEqualTo("eu");
    Provider openAi =
        new OpenAiCompatibleProvider(
            entry("openai", null, null), Vendors.find("openai").orElseThrow());
    assertThat(openAi.region("gpt-4o")).isNull();
    Provider openAiEu =
        new OpenAiCompatibleProvider(
            entry("openai", null, "eu"), Vendors.find("openai").orElseThrow());
    assertThat(openAiEu.region("gpt-4o")).isEqualTo("eu");
    assertThat(
            openAiEu
                .chat(
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                    "gpt-4o",
                    false)
                .uri())
        .startsWith("https://eu.api.openai.com/v1/");
    Provider bedrock =
        new BedrockProvider(
            new ProviderConfig(
                "b",
                "bedrock",
                "secret",
                null,
                null,
                List.of(),
                Map.of(),
                Map.of("region", "eu-central-1", "access_key_id", "AKID")),
            java.time.Clock.systemUTC());
    assertThat(bedrock.region("anthropic.claude-3-haiku")).isEqualTo("eu");
    assertThat(bedrock.region("global.anthropic.claude-sonnet-4")).isNull();
  }
}
