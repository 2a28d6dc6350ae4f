package switchboard.wire.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * {@code encoding_format: base64}: the official SDKs ask for it by default (wire-formats §1.8), so
 * the gateway honours it even for upstreams that only return float lists.
 */
public final class Embeddings {

  private Embeddings() {}

  /** Replaces each float-list {@code embedding} with base64 of little-endian float32s. */
  public static boolean toBase64(ObjectNode response) {
    boolean changed = false;
    for (JsonNode item : response.path("data")) {
      JsonNode vector = item.get("embedding");
      if (item instanceof ObjectNode o && vector != null && vector.isArray()) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : vector) {
          bytes.putFloat((float) value.asDouble());
        }
        o.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
        changed = true;
      }
    }
    return changed;
  }

  /** Decodes a base64 embedding (for tests and the simulator). */
  public static float[] fromBase64(String encoded) {
    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.getFloat();
    }
    return out;
  }
}
