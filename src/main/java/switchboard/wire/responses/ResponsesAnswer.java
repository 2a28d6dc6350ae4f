package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a complete Responses object (an OpenAI upstream's answer, relayed as it came) as a
 * canonical {@code chat.completion}: the tap for usage, the served model and the text, and the
 * inverse of {@link ResponsesWriter} for what the canonical shape carries.
 */
public final class ResponsesAnswer {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResponsesAnswer() {}

  /** Whether {@code json} looks like a Responses object (has an {@code output} array). */
  public static boolean isResponse(JsonNode json) {
    return json != null && json.path("output").isArray();
  }

  public static ObjectNode toCanonical(JsonNode response) {
    ObjectNode out = NODES.objectNode();
    out.put("id", response.path("id").asText(""));
    out.put("object", "chat.completion");
    out.put("created", response.path("created_at").asLong(0));
    out.put("model", response.path("model").asText(""));
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    StringBuilder text = new StringBuilder();
    StringBuilder refusal = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    ArrayNode calls = NODES.arrayNode();
    for (JsonNode item : response.path("output")) {
      switch (item.path("type").asText()) {
        case "message" -> {
          for (JsonNode part : item.path("content")) {
            if (part.path("type").asText().equals("output_text")) {
              text.append(part.path("text").asText(""));
            } else if (part.path("type").asText().equals("refusal")) {
              refusal.append(part.path("refusal").asText(""));
            }
          }
        }
        case "reasoning" -> {
          JsonNode parts =
              item.path("content").isArray() ? item.path("content") : NODES.arrayNode();
          for (JsonNode part : parts.isEmpty() ? item.path("summary") : parts) {
            reasoning.append(part.path("text").asText(""));
          }
        }
        case "function_call" -> {
          ObjectNode call = calls.addObject().put("id", item.path("call_id").asText(""));
          call.put("type", "function");
          call.putObject("function")
              .put("name", item.path("name").asText(""))
              .put("arguments", item.path("arguments").asText(""));
        }
        default -> {
          // built-in tool calls have no canonical slot
        }
      }
    }
    if (text.length() > 0 || calls.isEmpty()) {
      message.put("content", text.toString());
    } else {
      message.putNull("content");
    }
    if (refusal.length() > 0) {
      message.put("refusal", refusal.toString());
    }
    if (reasoning.length() > 0) {
      message.put("reasoning_content", reasoning.toString());
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    choice.put("finish_reason", ResponsesStreamDecoder.finishReason(response));
    out.set("usage", ResponsesUsage.toCanonical(response.get("usage")));
    return out;
  }
}
