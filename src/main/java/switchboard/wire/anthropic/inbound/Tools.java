package switchboard.wire.anthropic.inbound;

import static switchboard.wire.anthropic.Fields.absent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import switchboard.wire.anthropic.Fields;

/** Anthropic {@code tools} and {@code tool_choice} checked and written as OpenAI functions. */
final class Tools {

  private Tools() {}

  /**
   * {@code tools[]{name, description?, input_schema}} → {@code {"type":"function","function":
   * {name, description, parameters}}}. A tool with a {@code type} other than {@code custom} and no
   * {@code input_schema} is a server tool (web search, bash, …) that only Anthropic runs: a gap.
   */
  static void tools(ObjectNode body, ObjectNode chat, Gaps gaps) {
    JsonNode tools = body.get("tools");
    if (absent(tools)) {
      return;
    }
    if (!tools.isArray()) {
      throw Fields.wrong("tools", "an array");
    }
    ArrayNode out = chat.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String p = "tools[" + i + "]";
      if (!tool.isObject()) {
        throw Fields.wrong(p, "an object");
      }
      String name = Fields.string(tool, p, "name", true);
      String type = Fields.optionalString(tool, p, "type");
      Fields.cacheControl(tool, p);
      if (type != null && !type.equals("custom") && absent(tool.get("input_schema"))) {
        gaps.note(p + ".type", "The server tool '" + type + "'");
        continue;
      }
      JsonNode schema = Fields.object(tool, p, "input_schema");
      JsonNode schemaType = schema.get("type");
      if (schemaType == null || !schemaType.isTextual() || !schemaType.asText().equals("object")) {
        throw Fields.wrong(p + ".input_schema.type", "'object'");
      }
      ObjectNode function = out.addObject().put("type", "function").putObject("function");
      function.put("name", name);
      String description = Fields.optionalString(tool, p, "description");
      if (description != null) {
        function.put("description", description);
      }
      function.set("parameters", schema.deepCopy());
    }
    if (out.isEmpty()) {
      chat.remove("tools");
    }
  }

  /**
   * {@code auto} → {@code "auto"}, {@code any} → {@code "required"}, {@code tool} → the named
   * function, {@code none} → {@code "none"}; {@code disable_parallel_tool_use: true} → {@code
   * parallel_tool_calls: false}.
   */
  static void toolChoice(ObjectNode body, ObjectNode chat) {
    JsonNode choice = body.get("tool_choice");
    if (absent(choice)) {
      return;
    }
    String p = "tool_choice";
    if (!choice.isObject()) {
      throw Fields.wrong(p, "an object");
    }
    String type = Fields.oneOf(choice, p, "type", Set.of("auto", "any", "tool", "none"));
    boolean serial = Fields.optionalBoolean(choice, p, "disable_parallel_tool_use");
    switch (type) {
      case "auto" -> chat.put("tool_choice", "auto");
      case "any" -> chat.put("tool_choice", "required");
      case "none" -> chat.put("tool_choice", "none");
      default ->
          chat.putObject("tool_choice")
              .put("type", "function")
              .putObject("function")
              .put("name", Fields.string(choice, p, "name", true));
    }
    if (serial && !type.equals("none")) {
      chat.put("parallel_tool_calls", false);
    }
  }
}
