package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Fault;
import switchboard.fake.Reply;
import switchboard.fake.Transcript;

/** Embeddings: base64 (the SDK default) and float, and base64 for vendors that only send floats. */
class EmbeddingsIT {

  static final float[] VECTOR = {0.1f, -0.25f, 3.5f, 1e-3f, -7.75f};

  @TempDir static Path data;
  static FakeOpenAi openai;
  static FakeOpenAi mistral;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    openai = FakeOpenAi.start();
    mistral = FakeOpenAi.start();
    gw =
        GatewayFixture.start(
            data,
            Map.of(
                "OPENAI_API_KEY",
                "sk-fake-openai",
                "OPENAI_BASE_URL",
                openai.baseUrl(),
                "MISTRAL_API_KEY",
                "sk-fake-mistral",
                "MISTRAL_BASE_URL",
                mistral.baseUrl(),
                "ANTHROPIC_API_KEY",
                "sk-ant-fake-embeddings",
                "ANTHROPIC_BASE_URL",
                openai.baseUrl()));
  }

  @AfterAll
  static void stop() {
    gw.close();
    openai.close();
    mistral.close();
  }

  @BeforeEach
  void resetFakes() {
    openai.reset();
    mistral.reset();
  }

  private static List<Float> floats(float[] vector) {
    List<Float> out = new java.util.ArrayList<>();
    for (float f : vector) {
      out.add(f);
    }
    return out;
  }

  @Test
  void aProviderWithoutEmbeddingsIsA400NamingTheModelAndNothingIsSent() {
    HttpResponse<String> res =
        gw.post("/v1/embeddings", "{\"model\":\"anthropic/claude-sonnet-4-5\",\"input\":\"x\"}");
    assertThat(res.statusCode()).isEqualTo(400);
    JsonNode error = GatewayFixture.json(res.body()).get("error");
    assertThat(error.get("param").asText()).isEqualTo("model");
    assertThat(error.get("message").asText())
        .contains("anthropic/claude-sonnet-4-5")
        .contains("no embeddings")
        .doesNotContain("sk-ant-fake-embeddings");
    assertThat(openai.requests()).as("no upstream call").isEmpty();
  }

  @Test
  void sdkDefaultAgainstOpenAi() {
    openai.then(Reply.ok().embedding(VECTOR).model("text-embedding-3-small"));
    CreateEmbeddingResponse res =
        gw.sdk
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("openai/text-embedding-3-small")
                    .input("hello world")
                    .build());

    assertThat(res.data()).hasSize(1);
    assertThat(res.data().get(0).embedding()).containsExactlyElementsOf(floats(VECTOR));
    assertThat(res.model()).isEqualTo("text-embedding-3-small");
    JsonNode sent = openai.single().json();
    assertThat(sent.get("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(sent.path("encoding_format").asText())
        .as("the SDK asks for base64")
        .isEqualTo("base64");
    assertThat(openai.single().path()).isEqualTo("/v1/embeddings");
  }

  @Test
  void base64PassesThroughFromOpenAi() {
    openai.then(Reply.ok().embedding(VECTOR));
    HttpResponse<String> res =
        gw.post(
            "/v1/embeddings",
            """
        {"model":"openai/text-embedding-3-small","input":["a","b"],"encoding_format":"base64"}""");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("x-switchboard-provider")).contains("openai");
    JsonNode body = GatewayFixture.json(res.body());
    assertThat(body.get("data")).hasSize(2);
    String encoded = body.get("data").get(1).get("embedding").asText();
    float[] expected = Transcript.vector(Reply.ok().embedding(VECTOR), 1);
    assertThat(Transcript.fromBase64(encoded)).containsExactly(expected);
    assertThat(openai.single().json().get("encoding_format").asText()).isEqualTo("base64");
  }

  @Test
  void floatAgainstOpenAi() {
    openai.then(Reply.ok().embedding(VECTOR));
    CreateEmbeddingResponse res =
        gw.sdk
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("openai/text-embedding-3-small")
                    .input("hello")
                    .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                    .build());
    assertThat(res.data().get(0).embedding()).containsExactlyElementsOf(floats(VECTOR));
    assertThat(openai.single().json().get("encoding_format").asText()).isEqualTo("float");
    HttpResponse<String> raw =
        gw.post(
            "/v1/embeddings",
            """
        {"model":"openai/text-embedding-3-small","input":"hello","encoding_format":"float"}""");
    assertThat(GatewayFixture.json(raw.body()).get("data").get(0).get("embedding").isArray())
        .isTrue();
  }

  @Test
  void base64FromAVendorThatOnlySendsFloats() {
    mistral.then(
        Reply.ok().embedding(VECTOR).with(Fault.FLOAT_EMBEDDINGS_ONLY).model("mistral-embed"));
    HttpResponse<String> res =
        gw.post(
            "/v1/embeddings",
            """
        {"model":"mistral/mistral-embed","input":"hello","encoding_format":"base64"}""");

    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    JsonNode embedding = GatewayFixture.json(res.body()).get("data").get(0).get("embedding");
    assertThat(embedding.isTextual()).as(res.body()).isTrue();
    assertThat(Transcript.fromBase64(embedding.asText())).containsExactly(VECTOR);
    assertThat(mistral.single().json().get("model").asText()).isEqualTo("mistral-embed");
  }

  @Test
  void sdkDefaultAgainstAFloatOnlyVendor() {
    mistral.then(Reply.ok().embedding(VECTOR).with(Fault.FLOAT_EMBEDDINGS_ONLY));
    CreateEmbeddingResponse res =
        gw.sdk
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("mistral/mistral-embed")
                    .input("hello")
                    .build());
    assertThat(res.data().get(0).embedding()).containsExactlyElementsOf(floats(VECTOR));
  }
}
