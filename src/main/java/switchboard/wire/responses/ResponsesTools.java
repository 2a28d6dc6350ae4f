package switchboard.wire.responses;

import static switchboard.wire.responses.Fields.absent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code tools} and {@code tool_choice}: Responses' flat function tools ({@code {"type":
 * "function", "name", "description", "parameters", "strict"}}) become canonical ones (the same
 * under {@code function}); built-in tools (web search, file search, code interpreter, computer use,
 * image generation, MCP, shell, custom tools) run inside OpenAI's service, so they are gaps naming
 * the tool. {@code allowed_tools} narrows the canonical tool list to the names it allows.
 */
final class ResponsesTools {

  private static final Set<String> CHOICES = Set.of("auto", "none", "required");

  private ResponsesTools() {}

  static void tools(JsonNode body, ObjectNode chat, Gaps gaps) {
    JsonNode tools = body.get("tools");
    if (absent(tools)) {
      return;
    }
    if (!tools.isArray()) {
      throw Fields.wrong("tools", "an array");
    }
    ArrayNode out = chat.arrayNode();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String path = "tools[" + i + "]";
      if (!tool.isObject()) {
        throw Fields.wrong(path, "an object");
      }
      String type = Fields.string(tool, path, "type", true);
      if (!type.equals("function")) {
        gaps.note(path, "The built-in tool '" + type + "' (" + path + ")");
        continue;
      }
      String name = Fields.string(tool, path, "name", true);
      if (!names.add(name)) {
        throw switchboard.pipeline.GatewayException.invalid(
            path + ".name", "Duplicate tool name '" + name + "' in 'tools'.");
      }
      ObjectNode function = out.addObject().put("type", "function").putObject("function");
      function.put("name", name);
      String description = Fields.optionalString(tool, path, "description");
      if (description != null) {
        function.put("description", description);
      }
      JsonNode parameters = Fields.optionalObject(tool, path, "parameters");
      if (parameters != null) {
        function.set("parameters", parameters.deepCopy());
      }
      JsonNode strict = tool.get("strict");
      if (!absent(strict)) {
        function.put("strict", Fields.optionalBoolean(tool, path, "strict", false));
      }
    }
    if (!out.isEmpty()) {
      chat.set("tools", out);
    }
  }

  static void toolChoice(JsonNode body, ObjectNode chat, Gaps gaps) {
    JsonNode choice = body.get("tool_choice");
    if (absent(choice)) {
      return;
    }
    if (choice.isTextual()) {
      if (!CHOICES.contains(choice.asText())) {
        throw Fields.invalidValue("tool_choice", choice.asText(), CHOICES);
      }
      chat.put("tool_choice", choice.asText());
      return;
    }
    if (!choice.isObject()) {
      throw Fields.wrong("tool_choice", "a string or an object");
    }
    String type = Fields.string(choice, "tool_choice", "type", true);
    switch (type) {
      case "function" -> {
        String name = Fields.string(choice, "tool_choice", "name", true);
        ObjectNode out = chat.putObject("tool_choice").put("type", "function");
        out.putObject("function").put("name", name);
      }
      case "allowed_tools" -> allowed(choice, chat);
      default -> gaps.note("tool_choice", "A tool_choice of type '" + type + "'");
    }
  }

  /** {@code allowed_tools}: only the listed function tools stay; its mode is the choice. */
  private static void allowed(JsonNode choice, ObjectNode chat) {
    String mode = Fields.optionalOneOf(choice, "tool_choice", "mode", Set.of("auto", "required"));
    JsonNode listed = choice.get("tools");
    if (absent(listed) || !listed.isArray()) {
      throw Fields.wrong("tool_choice.tools", "an array");
    }
    Set<String> allowed = new HashSet<>();
    for (int i = 0; i < listed.size(); i++) {
      JsonNode tool = listed.get(i);
      String path = "tool_choice.tools[" + i + "]";
      if (!tool.isObject()) {
        throw Fields.wrong(path, "an object");
      }
      if (Fields.string(tool, path, "type", true).equals("function")) {
        allowed.add(Fields.string(tool, path, "name", true));
      }
    }
    JsonNode tools = chat.get("tools");
    if (tools instanceof ArrayNode array) {
      for (int i = array.size() - 1; i >= 0; i--) {
        if (!allowed.contains(array.get(i).path("function").path("name").asText())) {
          array.remove(i);
        }
      }
      if (array.isEmpty()) {
        chat.remove("tools");
      }
    }
    chat.put("tool_choice", mode == null ? "auto" : mode);
  }
}
