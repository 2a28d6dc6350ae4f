package switchboard.wire.responses;

import static switchboard.wire.responses.Fields.absent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import switchboard.pipeline.GatewayException;

/**
 * Translates a Responses {@code input} (a string, or a list of items) to canonical chat messages:
 * messages with {@code input_text}/{@code input_image}/{@code input_file} parts (and the {@code
 * output_text} parts of assistant turns fed back), {@code function_call} items as the assistant's
 * {@code tool_calls} (consecutive calls, and the assistant text before them, form one assistant
 * message: a turn with parallel calls stays one turn for every dialect), {@code
 * function_call_output} items as {@code tool} messages. {@code reasoning} items carry nothing the
 * canonical shape can send back and are skipped; items of OpenAI's built-in tools are gaps.
 */
final class InputItems {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

  /** Items that only OpenAI's own tools produce: fed back, only OpenAI can read them. */
  private static final Set<String> OPENAI_ONLY_ITEMS =
      Set.of(
          "file_search_call",
          "web_search_call",
          "computer_call",
          "computer_call_output",
          "code_interpreter_call",
          "image_generation_call",
          "local_shell_call",
          "local_shell_call_output",
          "shell_call",
          "shell_call_output",
          "apply_patch_call",
          "apply_patch_call_output",
          "mcp_list_tools",
          "mcp_approval_request",
          "mcp_approval_response",
          "mcp_call",
          "custom_tool_call",
          "custom_tool_call_output",
          "item_reference",
          "compaction");

  private final ArrayNode messages;
  private final Gaps gaps;

  /** The assistant message function calls are being added to, or null. */
  private ObjectNode openAssistant;

  InputItems(ArrayNode messages, Gaps gaps) {
    this.messages = messages;
    this.gaps = gaps;
  }

  /** Translates {@code input}, a string or an array of items, appending to the messages. */
  void translate(JsonNode input) {
    if (input.isTextual()) {
      messages.addObject().put("role", "user").put("content", input.asText());
      return;
    }
    if (!input.isArray()) {
      throw Fields.wrong("input", "a string or an array of input items");
    }
    for (int i = 0; i < input.size(); i++) {
      item(input.get(i), "input[" + i + "]");
    }
  }

  private void item(JsonNode item, String path) {
    if (!item.isObject()) {
      throw Fields.wrong(path, "an object");
    }
    String type = Fields.optionalString(item, path, "type");
    if (type == null || type.equals("message")) {
      message(item, path);
      return;
    }
    switch (type) {
      case "function_call" -> functionCall(item, path);
      case "function_call_output" -> functionOutput(item, path);
      case "reasoning" -> {
        // Reasoning is the model's own; no canonical message carries it back.
      }
      default -> {
        if (!OPENAI_ONLY_ITEMS.contains(type)) {
          throw Fields.invalidValue(
              path + ".type",
              type,
              Set.of("message", "function_call", "function_call_output", "reasoning"));
        }
        gaps.note(path, "An input item of type '" + type + "'");
      }
    }
  }

  private void message(JsonNode item, String path) {
    String role = Fields.string(item, path, "role", false);
    if (!ROLES.contains(role)) {
      throw Fields.invalidValue(path + ".role", role, ROLES);
    }
    JsonNode content = item.get("content");
    if (absent(content)) {
      throw Fields.missing(path + ".content");
    }
    String contentPath = path + ".content";
    if (role.equals("assistant")) {
      String text = content.isTextual() ? content.asText() : assistantText(content, contentPath);
      openAssistant = messages.addObject().put("role", "assistant").put("content", text);
      return;
    }
    openAssistant = null;
    ObjectNode message =
        messages.addObject().put("role", role.equals("developer") ? "system" : role);
    if (content.isTextual()) {
      message.put("content", content.asText());
    } else if (!content.isArray()) {
      throw Fields.wrong(contentPath, "a string or an array of content parts");
    } else if (role.equals("user")) {
      message.set("content", parts(content, contentPath));
    } else {
      message.put("content", instructionText(content, contentPath));
    }
  }

  /** A user turn's parts, canonical. */
  private ArrayNode parts(JsonNode content, String path) {
    ArrayNode parts = messages.arrayNode();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String at = path + "[" + j + "]";
      if (!part.isObject()) {
        throw Fields.wrong(at, "an object");
      }
      String type = Fields.string(part, at, "type", false);
      switch (type) {
        case "input_text", "output_text" ->
            parts
                .addObject()
                .put("type", "text")
                .put("text", Fields.string(part, at, "text", false));
        case "input_image" -> parts.add(image(part, at));
        case "input_file" -> parts.add(file(part, at));
        default ->
            throw Fields.invalidValue(
                at + ".type", type, Set.of("input_text", "input_image", "input_file"));
      }
    }
    return parts;
  }

  private static ObjectNode image(JsonNode part, String at) {
    String url = Fields.optionalString(part, at, "image_url");
    if (url == null) {
      if (!absent(part.get("file_id"))) {
        throw fileIds(at + ".file_id");
      }
      throw Fields.missing(at + ".image_url");
    }
    ObjectNode image = NODES.objectNode().put("type", "image_url");
    ObjectNode imageUrl = image.putObject("image_url").put("url", url);
    String detail = Fields.optionalOneOf(part, at, "detail", Set.of("auto", "low", "high"));
    if (detail != null) {
      imageUrl.put("detail", detail);
    }
    return image;
  }

  private static ObjectNode file(JsonNode part, String at) {
    String data = Fields.optionalString(part, at, "file_data");
    if (data == null) {
      if (!absent(part.get("file_id"))) {
        throw fileIds(at + ".file_id");
      }
      if (!absent(part.get("file_url"))) {
        throw GatewayException.invalid(
            at + ".file_url",
            "'" + at + ".file_url' is not supported by the gateway; send the file as file_data.");
      }
      throw Fields.missing(at + ".file_data");
    }
    ObjectNode file = NODES.objectNode().put("type", "file");
    ObjectNode inner = file.putObject("file").put("file_data", data);
    String name = Fields.optionalString(part, at, "filename");
    if (name != null) {
      inner.put("filename", name);
    }
    return file;
  }

  private static GatewayException fileIds(String path) {
    return GatewayException.invalid(
        path,
        "'"
            + path
            + "' refers to an uploaded file, which the gateway does not keep; send the content"
            + " inline (image_url or file_data).");
  }

  /** An assistant turn fed back: its {@code output_text} (or {@code refusal}) parts, joined. */
  private static String assistantText(JsonNode content, String path) {
    if (!content.isArray()) {
      throw Fields.wrong(path, "a string or an array of content parts");
    }
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String at = path + "[" + j + "]";
      if (!part.isObject()) {
        throw Fields.wrong(at, "an object");
      }
      String type = Fields.string(part, at, "type", false);
      switch (type) {
        case "output_text", "input_text" -> text.append(Fields.string(part, at, "text", false));
        case "refusal" -> text.append(Fields.string(part, at, "refusal", false));
        default -> throw Fields.invalidValue(at + ".type", type, Set.of("output_text", "refusal"));
      }
    }
    return text.toString();
  }

  /** A system or developer turn: its text parts, joined by newlines. */
  private static String instructionText(JsonNode content, String path) {
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String at = path + "[" + j + "]";
      if (!part.isObject()) {
        throw Fields.wrong(at, "an object");
      }
      String type = Fields.string(part, at, "type", false);
      if (!type.equals("input_text")) {
        throw Fields.invalidValue(at + ".type", type, Set.of("input_text"));
      }
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(Fields.string(part, at, "text", false));
    }
    return text.toString();
  }

  private void functionCall(JsonNode item, String path) {
    String callId = Fields.string(item, path, "call_id", true);
    String name = Fields.string(item, path, "name", true);
    String arguments = Fields.string(item, path, "arguments", false);
    if (openAssistant == null) {
      openAssistant = messages.addObject().put("role", "assistant");
      openAssistant.putNull("content");
    }
    ArrayNode calls =
        openAssistant.has("tool_calls")
            ? (ArrayNode) openAssistant.get("tool_calls")
            : openAssistant.putArray("tool_calls");
    ObjectNode call = calls.addObject().put("id", callId).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments);
  }

  private void functionOutput(JsonNode item, String path) {
    openAssistant = null;
    String callId = Fields.string(item, path, "call_id", true);
    JsonNode output = item.get("output");
    if (absent(output)) {
      throw Fields.missing(path + ".output");
    }
    ObjectNode tool = messages.addObject().put("role", "tool").put("tool_call_id", callId);
    if (output.isTextual()) {
      tool.put("content", output.asText());
    } else if (output.isArray()) {
      tool.set("content", parts(output, path + ".output"));
    } else {
      throw Fields.wrong(path + ".output", "a string or an array of content parts");
    }
  }
}
