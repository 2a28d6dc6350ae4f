package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic answer a simulated model gives: a text that quotes the last user message, or,
 * when tools are offered and the last message is not a tool result, a call of the first tool.
 *
 * @param pieces the text split into stream tokens (empty for a tool call)
 * @param toolName the tool to call, or null
 */
record SimAnswer(
    String id,
    String model,
    List<String> pieces,
    String toolName,
    String toolArguments,
    long promptTokens) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static SimAnswer of(JsonNode request, String model) {
    StringBuilder all = new StringBuilder();
    String lastUser = "";
    String lastRole = "";
    for (JsonNode message : request.path("messages")) {
      String text = text(message.get("content"));
      all.append(text).append(' ');
      lastRole = message.path("role").asText();
      if (lastRole.equals("user")) {
        lastUser = text;
      }
    }
    long promptTokens = Math.max(1, all.length() / 4);
    String id = "chatcmpl-sim" + Integer.toHexString(all.toString().hashCode() & 0x7fffffff);
    JsonNode tools = request.path("tools");
    boolean callTool =
        tools.isArray()
            && !tools.isEmpty()
            && !lastRole.equals("tool")
            && !"none".equals(request.path("tool_choice").asText());
    if (callTool) {
      String name = tools.get(0).path("function").path("name").asText("tool");
      ObjectNode args = NODES.objectNode().put("input", lastUser);
      return new SimAnswer(id, model, List.of(), name, args.toString(), promptTokens);
    }
    String quoted = lastUser.length() > 200 ? lastUser.substring(0, 200) + "…" : lastUser;
    String text =
        lastRole.equals("tool")
            ? "The tool answered: " + text(lastMessage(request).get("content"))
            : "This is a simulated answer from sim/" + model + ". You said: " + quoted;
    return new SimAnswer(id, model, split(text), null, null, promptTokens);
  }

  long completionTokens() {
    return toolName != null ? Math.max(1, toolArguments.length() / 4) : pieces.size();
  }

  String text() {
    return String.join("", pieces);
  }

  ObjectNode completion() {
    ObjectNode root = NODES.objectNode();
    root.put("id", id);
    root.put("object", "chat.completion");
    root.put("created", 1767225600L);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (toolName != null) {
      message.putNull("content");
      ObjectNode call = message.putArray("tool_calls").addObject();
      call.put("id", "call_" + id.substring(id.length() - 8));
      call.put("type", "function");
      call.putObject("function").put("name", toolName).put("arguments", toolArguments);
    } else {
      message.put("content", text());
    }
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", toolName != null ? "tool_calls" : "stop");
    root.set("usage", usage());
    root.put("system_fingerprint", "fp_switchboard_sim");
    return root;
  }

  ObjectNode usage() {
    ObjectNode usage = NODES.objectNode();
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens());
    usage.put("total_tokens", promptTokens + completionTokens());
    usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
    return usage;
  }

  /** A deterministic unit-ish vector for an input, so equal inputs embed equally. */
  static float[] vector(String input, int dims) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    float[] out = new float[Math.max(1, dims)];
    long h = 1125899906842597L;
    for (int i = 0; i < out.length; i++) {
      for (byte b : bytes) {
        h = 31 * h + b + i;
      }
      out[i] = ((h >>> 11) % 2000) / 1000f - 1f;
    }
    return out;
  }

  private static JsonNode lastMessage(JsonNode request) {
    JsonNode messages = request.path("messages");
    return messages.isArray() && !messages.isEmpty()
        ? messages.get(messages.size() - 1)
        : NODES.objectNode();
  }

  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode part : content) {
      out.append(part.path("text").asText(""));
    }
    return out.toString();
  }

  /** Splits text into word-sized stream pieces that concatenate back to the text. */
  private static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    return out;
  }
}
