package switchboard.wire.gemini;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import switchboard.pipeline.GatewayException;

/**
 * Canonical {@code messages} → Gemini {@code systemInstruction} and {@code contents} (wire-formats
 * §5.2): system and developer messages become the system instruction, the other roles become {@code
 * user}/{@code model} turns, consecutive turns of one role merged (a tool result is a {@code user}
 * turn, so results of parallel calls and a following user message share one turn, as Gemini
 * expects).
 */
final class GeminiContents {

  /** Strict: client text with trailing tokens after a JSON value is not that value. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectNode system = NODES.objectNode();
  private final ArrayNode contents = NODES.arrayNode();

  /** Tool-call id → function name, from earlier assistant messages (the latest wins). */
  private final Map<String, String> callNames = new HashMap<>();

  private GeminiContents() {}

  /**
   * Writes {@code systemInstruction} (when any) and {@code contents} of {@code messages} to {@code
   * out}.
   */
  static void write(JsonNode messages, ObjectNode out) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw GatewayException.invalid("messages", "messages must be a non-empty array.");
    }
    GeminiContents c = new GeminiContents();
    for (int i = 0; i < messages.size(); i++) {
      c.message(messages.get(i), "messages[" + i + "]");
    }
    if (c.contents.isEmpty()) {
      throw GatewayException.invalid(
          "messages", "Gemini needs at least one user or assistant message with content.");
    }
    if (c.system.has("parts")) {
      out.set("systemInstruction", c.system);
    }
    out.set("contents", c.contents);
  }

  private void message(JsonNode m, String field) {
    String role = m.path("role").asText("");
    JsonNode content = m.get("content");
    switch (role) {
      case "system", "developer" -> {
        ArrayNode parts =
            system.has("parts") ? (ArrayNode) system.get("parts") : system.putArray("parts");
        parts.addAll(textParts(content, field + ".content"));
      }
      case "user" -> turn("user", userParts(content, field + ".content"));
      case "assistant" -> turn("model", assistantParts(m, field));
      case "tool" -> turn("user", toolResult(m, field));
      default ->
          throw GatewayException.invalid(
              field + ".role",
              "Role \""
                  + role
                  + "\" cannot be sent to Gemini (system, developer, user, assistant, tool).");
    }
  }

  private void turn(String role, ArrayNode parts) {
    if (parts.isEmpty()) {
      return; // Gemini rejects empty turns
    }
    JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      ((ArrayNode) last.get("parts")).addAll(parts);
      return;
    }
    ObjectNode turn = contents.addObject();
    turn.put("role", role);
    turn.set("parts", parts);
  }

  private static ArrayNode textParts(JsonNode content, String field) {
    ArrayNode parts = NODES.arrayNode();
    if (content == null || content.isNull()) {
      return parts;
    }
    if (content.isTextual()) {
      addText(parts, content.asText());
      return parts;
    }
    if (!content.isArray()) {
      throw GatewayException.invalid(field, field + " must be a string or an array of parts.");
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String type = part.path("type").asText("");
      if (!type.equals("text") && !type.equals("refusal")) {
        throw GatewayException.invalid(
            field + "[" + j + "].type", "Only text parts are allowed here, not \"" + type + "\".");
      }
      addText(parts, part.path(type).asText(""));
    }
    return parts;
  }

  private static void addText(ArrayNode parts, String text) {
    if (!text.isEmpty()) {
      parts.addObject().put("text", text);
    }
  }

  private static ArrayNode userParts(JsonNode content, String field) {
    if (content == null || !content.isArray()) {
      return textParts(content, field);
    }
    ArrayNode parts = NODES.arrayNode();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String at = field + "[" + j + "]";
      switch (part.path("type").asText("")) {
        case "text" -> addText(parts, part.path("text").asText(""));
        case "image_url" ->
            parts.add(
                GeminiMedia.image(
                    part.path("image_url").path("url").asText(""), at + ".image_url.url"));
        case "input_audio" ->
            parts.add(GeminiMedia.audio(part.path("input_audio"), at + ".input_audio"));
        case "file" -> parts.add(GeminiMedia.file(part.path("file"), at + ".file"));
        default ->
            throw GatewayException.invalid(
                at + ".type",
                "Content part type \""
                    + part.path("type").asText("")
                    + "\" cannot be sent to Gemini.");
      }
    }
    return parts;
  }

  private ArrayNode assistantParts(JsonNode m, String field) {
    ArrayNode parts = textParts(m.get("content"), field + ".content");
    JsonNode calls = m.path("tool_calls");
    for (int j = 0; j < calls.size(); j++) {
      JsonNode call = calls.get(j);
      String at = field + ".tool_calls[" + j + "]";
      String name = call.path("function").path("name").asText("");
      if (name.isEmpty()) {
        throw GatewayException.invalid(at + ".function.name", "A tool call needs a function name.");
      }
      callNames.put(call.path("id").asText(""), name);
      ObjectNode part = parts.addObject();
      ObjectNode fc = part.putObject("functionCall");
      fc.put("name", name);
      fc.set(
          "args", arguments(call.path("function").path("arguments"), at + ".function.arguments"));
      // Thinking models need their signature back on the same part (wire-formats §5.2).
      JsonNode signature = call.path("extra_content").path("google").path("thought_signature");
      if (signature.isTextual()) {
        part.put("thoughtSignature", signature.asText());
      }
    }
    return parts;
  }

  private static JsonNode arguments(JsonNode arguments, String field) {
    if (arguments.isObject()) {
      return arguments;
    }
    String text = arguments.asText("");
    if (text.isBlank()) {
      return NODES.objectNode();
    }
    try {
      JsonNode parsed = JSON.readTree(text);
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (Exception notJson) {
      // reported below
    }
    throw GatewayException.invalid(field, field + " must be a JSON object for Gemini.");
  }

  private ArrayNode toolResult(JsonNode m, String field) {
    String id = m.path("tool_call_id").asText("");
    String name = callNames.get(id);
    if (name == null) {
      throw GatewayException.invalid(
          field + ".tool_call_id",
          "Tool call id \""
              + id
              + "\" matches no earlier assistant tool call; Gemini needs the function's name.");
    }
    ArrayNode parts = NODES.arrayNode();
    ObjectNode fr = parts.addObject().putObject("functionResponse");
    fr.put("name", name);
    fr.set("response", response(m.get("content"), field + ".content"));
    return parts;
  }

  /**
   * Gemini wants an object: a JSON object goes as it is; anything else (plain text, a number, an
   * array, a number followed by text) goes whole, as the string {@code {"result": "…"}}, so a
   * tool's output is never cut to the part that happens to parse.
   */
  private static ObjectNode response(JsonNode content, String field) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : textParts(content, field)) {
      text.append(part.path("text").asText());
    }
    String s = text.toString();
    if (s.strip().startsWith("{")) {
      try {
        JsonNode parsed = JSON.readTree(s);
        if (parsed != null && parsed.isObject()) {
          return (ObjectNode) parsed;
        }
      } catch (Exception notJson) {
        // text that only looks like an object: sent as text
      }
    }
    ObjectNode wrapped = NODES.objectNode();
    wrapped.put("result", s);
    return wrapped;
  }
}
