package switchboard.wire.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Bedrock Converse answers as canonical {@code chat.completion} objects. Pure. */
public final class ConverseResponses {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ConverseResponses() {}

  /** {@link #toCanonical(ObjectNode, String, long)} with {@code created} 0. */
  public static ObjectNode toCanonical(ObjectNode response, String model) {
    return toCanonical(response, model, 0L);
  }

  /**
   * A Converse answer ({@code output.message}, {@code stopReason}, {@code usage}) as a canonical
   * completion. Bedrock's body carries no id, so the id is derived from the body itself ({@code
   * chatcmpl-bedrock-} and a hash): deterministic, equal for equal answers.
   *
   * @param created the {@code created} timestamp (epoch seconds) to report
   * @throws IllegalArgumentException when the body has no {@code output.message}
   */
  public static ObjectNode toCanonical(ObjectNode response, String model, long created) {
    JsonNode message = response.path("output").path("message");
    if (!message.isObject()) {
      throw new IllegalArgumentException("a Converse answer needs output.message");
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    ArrayNode calls = NODES.arrayNode();
    for (JsonNode block : message.path("content")) {
      if (block.has("text")) {
        text.append(block.get("text").asText());
      } else if (block.has("toolUse")) {
        JsonNode use = block.get("toolUse");
        ObjectNode call = calls.addObject();
        call.put("id", use.path("toolUseId").asText());
        call.put("type", "function");
        JsonNode input = use.path("input");
        call.putObject("function")
            .put("name", use.path("name").asText())
            .put("arguments", input.isMissingNode() ? "{}" : input.toString());
      } else if (block.has("reasoningContent")) {
        reasoning.append(
            block.get("reasoningContent").path("reasoningText").path("text").asText(""));
      }
    }
    ObjectNode root = NODES.objectNode();
    root.put("id", "chatcmpl-bedrock-" + Integer.toHexString(response.toString().hashCode()));
    root.put("object", "chat.completion");
    root.put("created", created);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode out = choice.putObject("message");
    out.put("role", "assistant");
    if (text.isEmpty() && !calls.isEmpty()) {
      out.putNull("content");
    } else {
      out.put("content", text.toString());
    }
    if (!reasoning.isEmpty()) {
      out.put("reasoning_content", reasoning.toString());
    }
    if (!calls.isEmpty()) {
      out.set("tool_calls", calls);
    }
    out.putNull("refusal");
    choice.putNull("logprobs");
    choice.put(
        "finish_reason", ConverseUsage.finishReason(response.path("stopReason").asText(null)));
    root.set("usage", ConverseUsage.canonical(response.path("usage")));
    return root;
  }
}
