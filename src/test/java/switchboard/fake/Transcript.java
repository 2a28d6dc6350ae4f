package switchboard.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Builds the exact OpenAI bodies of a {@link Reply} (wire-formats §1.4, §1.5, §1.6, §1.8): the
 * completion object, the stream's chunks in order, error envelopes and embeddings.
 */
public final class Transcript {

  static final String ID = "chatcmpl-fake123";
  static final long CREATED = 1767225600L;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Transcript() {}

  /** The non-streaming {@code chat.completion} object. */
  static ObjectNode completion(Reply r, String model) {
    ObjectNode root = NODES.objectNode();
    root.put("id", ID);
    root.put("object", "chat.completion");
    root.put("created", CREATED);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (r.toolCalls.isEmpty()) {
      message.put("content", r.text);
    } else {
      message.putNull("content");
      ArrayNode calls = message.putArray("tool_calls");
      for (Reply.ToolCall c : r.toolCalls) {
        ObjectNode call = calls.addObject();
        call.put("id", c.id());
        call.put("type", "function");
        call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
      }
    }
    message.putNull("refusal");
    message.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", r.toolCalls.isEmpty() ? "stop" : "tool_calls");
    root.set("usage", usage(r));
    root.put("service_tier", "default");
    root.put("system_fingerprint", "fp_fake");
    return root;
  }

  /** The role chunk: the first chunk of every stream. */
  static String roleChunk(String model, boolean usageField) {
    ObjectNode delta = NODES.objectNode().put("role", "assistant").put("content", "");
    delta.putNull("refusal");
    return chunk(model, delta, null, usageField);
  }

  /** The content (or tool-call) chunks between the role chunk and the finish chunk. */
  static List<String> bodyChunks(Reply r, String model, boolean usageField) {
    List<String> out = new ArrayList<>();
    if (r.toolCalls.isEmpty()) {
      for (int i = 0; i < r.text.length(); i += 5) {
        ObjectNode delta =
            NODES
                .objectNode()
                .put("content", r.text.substring(i, Math.min(r.text.length(), i + 5)));
        out.add(chunk(model, delta, null, usageField));
      }
      return out;
    }
    for (int index = 0; index < r.toolCalls.size(); index++) {
      Reply.ToolCall c = r.toolCalls.get(index);
      ObjectNode first = NODES.objectNode();
      ObjectNode call = first.putArray("tool_calls").addObject();
      call.put("index", index);
      call.put("id", c.id());
      call.put("type", "function");
      call.putObject("function").put("name", c.name()).put("arguments", "");
      out.add(chunk(model, first, null, usageField));
      for (int i = 0; i < c.arguments().length(); i += 4) {
        ObjectNode delta = NODES.objectNode();
        delta
            .putArray("tool_calls")
            .addObject()
            .put("index", index)
            .putObject("function")
            .put("arguments", c.arguments().substring(i, Math.min(c.arguments().length(), i + 4)));
        out.add(chunk(model, delta, null, usageField));
      }
    }
    return out;
  }

  static String finishChunk(Reply r, String model, boolean usageField) {
    return chunk(
        model, NODES.objectNode(), r.toolCalls.isEmpty() ? "stop" : "tool_calls", usageField);
  }

  /** The extra chunk sent with {@code include_usage}: {@code choices: []} and the totals. */
  static String usageChunk(Reply r, String model) {
    ObjectNode root = base(model);
    root.putArray("choices");
    root.set("usage", usage(r));
    return root.toString();
  }

  /** Azure's content-filter chunk that opens a stream. */
  static String azurePromptFilterChunk() {
    ObjectNode root = NODES.objectNode();
    root.put("id", "");
    root.put("object", "");
    root.put("created", 0);
    root.put("model", "");
    root.putArray("choices");
    ObjectNode result = root.putArray("prompt_filter_results").addObject();
    result.put("prompt_index", 0);
    ObjectNode filters = result.putObject("content_filter_results");
    for (String category : List.of("hate", "self_harm", "sexual", "violence")) {
      filters.putObject(category).put("filtered", false).put("severity", "safe");
    }
    return root.toString();
  }

  static String errorEnvelope(String message, String type, String param, String code) {
    ObjectNode root = NODES.objectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return root.toString();
  }

  static String mistralFlatError(String message) {
    ObjectNode root = NODES.objectNode();
    root.put("object", "error");
    root.put("message", message);
    root.put("type", "invalid_request_error");
    root.putNull("param");
    root.putNull("code");
    return root.toString();
  }

  /** The embeddings list: one vector per input, float lists or base64 float32 little-endian. */
  static ObjectNode embeddings(Reply r, JsonNode request, boolean base64) {
    JsonNode input = request.path("input");
    int count = input.isArray() && !input.isEmpty() && !input.get(0).isInt() ? input.size() : 1;
    ObjectNode root = NODES.objectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (int i = 0; i < count; i++) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      float[] vector = vector(r, i);
      if (base64) {
        item.put("embedding", toBase64(vector));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float f : vector) {
          values.add(f);
        }
      }
    }
    root.put("model", r.model != null ? r.model : request.path("model").asText());
    root.putObject("usage")
        .put("prompt_tokens", r.promptTokens)
        .put("total_tokens", r.promptTokens);
    return root;
  }

  /** The vector the fake answers for input number {@code index}. */
  public static float[] vector(Reply r, int index) {
    float[] out = r.embedding.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += index;
    }
    return out;
  }

  public static String toBase64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : vector) {
      bytes.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  public static float[] fromBase64(String encoded) {
    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.getFloat();
    }
    return out;
  }

  private static String chunk(String model, ObjectNode delta, String finish, boolean usageField) {
    ObjectNode root = base(model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finish);
    if (usageField) {
      root.putNull("usage");
    }
    return root.toString();
  }

  private static ObjectNode base(String model) {
    ObjectNode root = NODES.objectNode();
    root.put("id", ID);
    root.put("object", "chat.completion.chunk");
    root.put("created", CREATED);
    root.put("model", model);
    root.put("system_fingerprint", "fp_fake");
    return root;
  }

  private static ObjectNode usage(Reply r) {
    ObjectNode usage = NODES.objectNode();
    usage.put("prompt_tokens", r.promptTokens);
    usage.put("completion_tokens", r.completionTokens);
    usage.put("total_tokens", r.promptTokens + r.completionTokens);
    usage
        .putObject("prompt_tokens_details")
        .put("cached_tokens", r.cachedTokens)
        .put("audio_tokens", 0);
    usage
        .putObject("completion_tokens_details")
        .put("reasoning_tokens", 0)
        .put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0)
        .put("rejected_prediction_tokens", 0);
    return usage;
  }
}
