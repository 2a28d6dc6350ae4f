package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.wire.openai.Embeddings;

/**
 * Embeddings from Gemini, whose answers the gateway translates and so encodes itself: the SDK's
 * default {@code base64} gives the same vectors as {@code float}.
 */
class GeminiEmbeddingsIT {

  static final String MODEL = "sim-google/text-embedding-004";

  @TempDir static Path data;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw =
        GatewayFixture.startWithConfig(
            data, Map.of(), "sim: {enabled: true, latency_ms: 1, tokens_per_second: 0}\n");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static List<Float> asFloats() {
    HttpResponse<String> res =
        gw.post(
            "/v1/embeddings",
            """
            {"model":"%s","input":"hello","encoding_format":"float"}"""
                .formatted(MODEL));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    List<Float> out = new ArrayList<>();
    GatewayFixture.json(res.body())
        .at("/data/0/embedding")
        .forEach(v -> out.add((float) v.asDouble()));
    assertThat(out).hasSize(8);
    return out;
  }

  @Test
  void theSdkDefaultBase64GivesTheFloatVectors() {
    CreateEmbeddingResponse res =
        gw.sdk
            .embeddings()
            .create(EmbeddingCreateParams.builder().model(MODEL).input("hello").build());
    assertThat(res.data().get(0).embedding()).containsExactlyElementsOf(asFloats());
  }

  @Test
  void base64IsLittleEndianFloat32() {
    HttpResponse<String> res =
        gw.post(
            "/v1/embeddings",
            """
            {"model":"%s","input":["hello","world"],"encoding_format":"base64"}"""
                .formatted(MODEL));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    JsonNode first = GatewayFixture.json(res.body()).at("/data/0/embedding");
    assertThat(first.isTextual()).as(res.body()).isTrue();
    List<Float> decoded = new ArrayList<>();
    for (float f : Embeddings.fromBase64(first.asText())) {
      decoded.add(f);
    }
    assertThat(decoded).containsExactlyElementsOf(asFloats());
    assertThat(GatewayFixture.json(res.body()).at("/data/1/embedding").isTextual()).isTrue();
  }
}
