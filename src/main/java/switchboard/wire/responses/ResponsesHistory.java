package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The conversation a stored response closes, as input items to put before a continuing request's
 * own: the stored request's input (itself including what it continued), then the response's output
 * items. Instructions are not carried over, as OpenAI does not carry them.
 */
public final class ResponsesHistory {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResponsesHistory() {}

  /** A request's {@code input} as a list of items ({@code "text"} is one user message). */
  public static ArrayNode inputItems(JsonNode input) {
    ArrayNode items = NODES.arrayNode();
    if (input == null || input.isNull()) {
      return items;
    }
    if (input.isTextual()) {
      items.addObject().put("role", "user").put("content", input.asText());
    } else if (input.isArray()) {
      input.forEach(item -> items.add(item.deepCopy()));
    }
    return items;
  }

  /**
   * The items to continue from.
   *
   * @param input the stored request's input items
   * @param response the stored Responses object
   * @param fromResponsesApi whether an upstream Responses API produced {@code response}: its items
   *     (ids, reasoning) are then kept as they are for that API to recognise; otherwise reasoning
   *     items are dropped and item ids removed, as they mean nothing to any upstream
   */
  public static ArrayNode of(ArrayNode input, JsonNode response, boolean fromResponsesApi) {
    ArrayNode items = input.deepCopy();
    for (JsonNode item : response.path("output")) {
      String type = item.path("type").asText();
      if (fromResponsesApi) {
        items.add(item.deepCopy());
        continue;
      }
      if (type.equals("reasoning")) {
        continue;
      }
      if (type.equals("message")) {
        // An assistant turn as an easy input message: every Responses API takes it without ids.
        StringBuilder text = new StringBuilder();
        for (JsonNode part : item.path("content")) {
          text.append(part.path("text").asText(part.path("refusal").asText("")));
        }
        items.addObject().put("role", "assistant").put("content", text.toString());
        continue;
      }
      ObjectNode copy = item.deepCopy();
      copy.remove("id");
      copy.remove("status");
      items.add(copy);
    }
    return items;
  }
}
