package switchboard.wire.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void encodesLittleEndianFloat32() {
    ObjectNode response = JSON.createObjectNode();
    response.putArray("data").addObject().put("index", 0).putArray("embedding").add(1.0).add(-2.5);

    boolean changed = Embeddings.toBase64(response);

    String encoded = response.path("data").get(0).path("embedding").asText();
    // 1.0f = 0x3F800000, -2.5f = 0xC0200000, both little-endian
    assertThat(changed).isTrue();
    assertThat(Base64.getDecoder().decode(encoded))
        .containsExactly(0x00, 0x00, (byte) 0x80, 0x3F, 0x00, 0x00, 0x20, (byte) 0xC0);
    assertThat(encoded).isEqualTo("AACAPwAAIMA=");
  }

  @Test
  void roundTripsEveryVectorOfAResponse() {
    Random random = new Random(42);
    float[][] vectors = new float[3][];
    ObjectNode response = JSON.createObjectNode().put("object", "list");
    ArrayNode data = response.putArray("data");
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = new float[16 + i * 100];
      ArrayNode embedding =
          data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
      for (int j = 0; j < vectors[i].length; j++) {
        vectors[i][j] = (random.nextFloat() - 0.5f) * (float) Math.pow(10, random.nextInt(8) - 4);
        embedding.add(vectors[i][j]);
      }
    }

    assertThat(Embeddings.toBase64(response)).isTrue();

    for (int i = 0; i < vectors.length; i++) {
      assertThat(response.path("data").get(i).path("embedding").isTextual()).isTrue();
      assertThat(Embeddings.fromBase64(response.path("data").get(i).path("embedding").asText()))
          .containsExactly(vectors[i]);
    }
    assertThat(response.path("data").get(2).path("index").asInt()).isEqualTo(2);
  }

  @Test
  void specialValuesSurvive() {
    float[] special = {0f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, 1e-7f};
    ObjectNode response = JSON.createObjectNode();
    ArrayNode embedding = response.putArray("data").addObject().putArray("embedding");
    for (float f : special) {
      embedding.add(f);
    }

    Embeddings.toBase64(response);

    assertThat(Embeddings.fromBase64(response.path("data").get(0).path("embedding").asText()))
        .containsExactly(special);
  }

  @Test
  void alreadyEncodedOrMissingEmbeddingsAreLeftAlone() {
    ObjectNode response = JSON.createObjectNode();
    response.putArray("data").addObject().put("embedding", "AACAPw==");
    response.withArray("data").addObject().put("index", 1);

    assertThat(Embeddings.toBase64(response)).isFalse();
    assertThat(response.path("data").get(0).path("embedding").asText()).isEqualTo("AACAPw==");
    assertThat(Embeddings.toBase64(JSON.createObjectNode())).isFalse();
  }

  @Test
  void emptyVectorEncodesToEmptyString() {
    ObjectNode response = JSON.createObjectNode();
    response.putArray("data").addObject().putArray("embedding");

    assertThat(Embeddings.toBase64(response)).isTrue();
    assertThat(response.path("data").get(0).path("embedding").asText()).isEmpty();
    assertThat(Embeddings.fromBase64("")).isEmpty();
  }
}
