package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a Responses object says besides its output: its id and creation time (the gateway's), and
 * the request parameters it repeats ({@code instructions}, {@code tools}, {@code tool_choice},
 * {@code text}, {@code reasoning}, {@code temperature}…, each with OpenAI's default when the
 * request left it out). Item ids derive from the response id, so a stream and the stored answer
 * name the same items.
 *
 * @param id the response id, {@code resp_…}
 * @param createdAt seconds since the epoch
 * @param request the client's Responses body minus the gateway extensions
 * @param store whether the response is stored (echoed as {@code store})
 */
public record ResponseShell(String id, long createdAt, ObjectNode request, boolean store) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The shell of a response to {@code request} (its {@link ResponsesRequest#echo()}). */
  public static ResponseShell of(String id, long createdAt, ResponsesRequest request) {
    return new ResponseShell(id, createdAt, request.echo(), request.store());
  }

  /** The stored response this one continues, as the client named it, or null. */
  public String previousResponseId() {
    JsonNode value = request.get("previous_response_id");
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /**
   * Sets {@code previous_response_id} on a Responses object from an upstream's Responses API: the
   * gateway sent that upstream the whole stored conversation instead of the id, so its object says
   * null where the client expects the id it continued.
   */
  public void echoPrevious(JsonNode response) {
    String previous = previousResponseId();
    if (previous != null && response instanceof ObjectNode object) {
      object.put("previous_response_id", previous);
    }
  }

  /** A fresh {@code resp_} id (48 hex digits of randomness, like OpenAI's). */
  public static String newId() {
    java.util.UUID a = java.util.UUID.randomUUID();
    java.util.UUID b = java.util.UUID.randomUUID();
    return "resp_"
        + Long.toHexString(a.getMostSignificantBits() ^ a.getLeastSignificantBits())
        + Long.toHexString(b.getMostSignificantBits())
        + Long.toHexString(b.getLeastSignificantBits());
  }

  /** The id of output item {@code index} of kind {@code prefix} ({@code msg}, {@code fc}, …). */
  String itemId(String prefix, int index) {
    String suffix = id.startsWith("resp_") ? id.substring(5) : id;
    return prefix + "_" + suffix + (index == 0 ? "" : "_" + index);
  }

  /**
   * The Responses object with {@code status} and {@code model}, an empty {@code output} and no
   * usage; keys in the order OpenAI writes them.
   */
  ObjectNode response(String status, String model) {
    ObjectNode out = NODES.objectNode();
    out.put("id", id);
    out.put("object", "response");
    out.put("created_at", createdAt);
    out.put("status", status);
    out.put("background", false);
    out.putNull("error");
    out.putNull("incomplete_details");
    copy(out, "instructions", NODES.nullNode());
    copy(out, "max_output_tokens", NODES.nullNode());
    out.put("model", model == null ? request.path("model").asText("") : model);
    out.putArray("output");
    copy(out, "parallel_tool_calls", NODES.booleanNode(true));
    copy(out, "previous_response_id", NODES.nullNode());
    ObjectNode reasoning = out.putObject("reasoning");
    reasoning.set("effort", orNull(request.path("reasoning").get("effort")));
    reasoning.set("summary", orNull(request.path("reasoning").get("summary")));
    out.put("store", store);
    copy(out, "temperature", NODES.numberNode(1.0));
    ObjectNode text = NODES.objectNode();
    text.putObject("format").put("type", "text");
    copy(out, "text", text);
    copy(out, "tool_choice", NODES.textNode("auto"));
    copy(out, "tools", NODES.arrayNode());
    copy(out, "top_p", NODES.numberNode(1.0));
    copy(out, "truncation", NODES.textNode("disabled"));
    out.putNull("usage");
    copy(out, "user", NODES.nullNode());
    copy(out, "metadata", NODES.objectNode());
    return out;
  }

  private void copy(ObjectNode out, String field, JsonNode otherwise) {
    JsonNode value = request.get(field);
    out.set(field, value == null || value.isNull() ? otherwise : value.deepCopy());
  }

  private static JsonNode orNull(JsonNode value) {
    return value == null ? NODES.nullNode() : value.deepCopy();
  }
}
