package switchboard.wire.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.pipeline.GatewayException;

/**
 * OpenAI embeddings ⇄ Gemini {@code :batchEmbedContents} (wire-formats §5.7, §1.8). Text inputs
 * only: token-id arrays mean nothing to Gemini.
 */
public final class GeminiEmbeddings {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GeminiEmbeddings() {}

  /**
   * The {@code batchEmbedContents} body: one request per input, {@code dimensions} → {@code
   * outputDimensionality}.
   *
   * @throws GatewayException naming {@code input} or {@code dimensions} when Gemini cannot take
   *     them
   */
  public static ObjectNode fromCanonical(ObjectNode body, String model) {
    JsonNode input = body.get("input");
    ArrayNode texts = NODES.arrayNode();
    if (input != null && input.isTextual()) {
      texts.add(input.asText());
    } else if (input != null && input.isArray() && !input.isEmpty()) {
      for (JsonNode item : input) {
        if (!item.isTextual()) {
          throw GatewayException.invalid("input", "Gemini embeds text only, not token ids.");
        }
        texts.add(item.asText());
      }
    } else {
      throw GatewayException.invalid("input", "input must be a string or an array of strings.");
    }
    JsonNode dims = body.get("dimensions");
    if (dims != null && !dims.isNull() && (!dims.isIntegralNumber() || dims.asInt() < 1)) {
      throw GatewayException.invalid("dimensions", "dimensions must be a positive integer.");
    }
    ObjectNode out = NODES.objectNode();
    ArrayNode requests = out.putArray("requests");
    for (JsonNode text : texts) {
      ObjectNode r = requests.addObject();
      r.put("model", "models/" + model);
      r.putObject("content").putArray("parts").addObject().put("text", text.asText());
      if (dims != null && !dims.isNull()) {
        r.put("outputDimensionality", dims.asInt());
      }
    }
    return out;
  }

  /**
   * {@code {"embeddings":[{"values":[…]}]}} → OpenAI's {@code {"object":"list","data":[…]}}. Gemini
   * reports no token counts here, so usage is zero unless it sends {@code usageMetadata}.
   *
   * @throws IllegalArgumentException when the body has no {@code embeddings} array
   */
  public static ObjectNode toCanonical(ObjectNode response, String model) {
    JsonNode embeddings = response.get("embeddings");
    if (embeddings == null || !embeddings.isArray()) {
      throw new IllegalArgumentException("not a Gemini batchEmbedContents answer");
    }
    ObjectNode out = NODES.objectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    for (int i = 0; i < embeddings.size(); i++) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      item.set("embedding", embeddings.get(i).path("values").deepCopy());
    }
    out.put("model", model == null ? "" : model);
    long tokens = response.path("usageMetadata").path("promptTokenCount").asLong(0);
    out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return out;
  }
}
