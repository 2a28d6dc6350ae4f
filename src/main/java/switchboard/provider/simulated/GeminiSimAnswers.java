package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated Gemini model's answers in Gemini's own shapes (wire-formats §5.3, §5.4), built from
 * the same {@link SimAnswer} the OpenAI simulator gives, so every simulated dialect says the same.
 */
final class GeminiSimAnswers {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private GeminiSimAnswers() {}

  /**
   * The {@link SimAnswer} for a GenerateContentRequest: its turns read as OpenAI messages (a {@code
   * functionResponse} as a tool message), its function declarations as tools, mode NONE as {@code
   * tool_choice: none}.
   */
  static SimAnswer answer(JsonNode request, String model) {
    ObjectNode chat = NODES.objectNode();
    ArrayNode messages = chat.putArray("messages");
    StringBuilder system = new StringBuilder();
    for (JsonNode part : request.path("systemInstruction").path("parts")) {
      system.append(part.path("text").asText(""));
    }
    if (system.length() > 0) {
      messages.addObject().put("role", "system").put("content", system.toString());
    }
    for (JsonNode content : request.path("contents")) {
      String role = content.path("role").asText("user").equals("model") ? "assistant" : "user";
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content.path("parts")) {
        if (part.has("functionResponse")) {
          flush(messages, role, text);
          messages
              .addObject()
              .put("role", "tool")
              .put("content", part.path("functionResponse").path("response").toString());
        } else {
          text.append(part.path("text").asText(""));
        }
      }
      flush(messages, role, text);
    }
    ArrayNode tools = chat.putArray("tools");
    for (JsonNode tool : request.path("tools")) {
      for (JsonNode d : tool.path("functionDeclarations")) {
        tools
            .addObject()
            .put("type", "function")
            .putObject("function")
            .put("name", d.path("name").asText("tool"));
      }
    }
    if ("NONE"
        .equals(request.path("toolConfig").path("functionCallingConfig").path("mode").asText())) {
      chat.put("tool_choice", "none");
    }
    return SimAnswer.of(chat, model);
  }

  private static void flush(ArrayNode messages, String role, StringBuilder text) {
    if (text.length() > 0) {
      messages.addObject().put("role", role).put("content", text.toString());
      text.setLength(0);
    }
  }

  /** The complete answer. */
  static ObjectNode complete(SimAnswer a) {
    ObjectNode root = NODES.objectNode();
    ObjectNode candidate = root.putArray("candidates").addObject();
    ArrayNode parts = candidate.putObject("content").put("role", "model").putArray("parts");
    if (a.toolName() != null) {
      parts.add(functionCall(a));
    } else {
      parts.addObject().put("text", a.text());
    }
    candidate.put("finishReason", "STOP");
    candidate.put("index", 0);
    root.set("usageMetadata", usage(a, true));
    root.put("modelVersion", a.model());
    root.put("responseId", responseId(a));
    return root;
  }

  /** The stream's events: a text piece each (or the whole call), the last with finishReason. */
  static List<String> events(SimAnswer a) {
    List<ObjectNode> parts = new ArrayList<>();
    if (a.toolName() != null) {
      parts.add(functionCall(a));
    } else {
      for (String piece : a.pieces()) {
        parts.add(NODES.objectNode().put("text", piece));
      }
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      boolean last = i == parts.size() - 1;
      ObjectNode event = NODES.objectNode();
      ObjectNode candidate = event.putArray("candidates").addObject();
      candidate.putObject("content").put("role", "model").putArray("parts").add(parts.get(i));
      if (last) {
        candidate.put("finishReason", "STOP");
      }
      candidate.put("index", 0);
      event.set("usageMetadata", usage(a, last));
      event.put("modelVersion", a.model());
      event.put("responseId", responseId(a));
      out.add(event.toString());
    }
    return out;
  }

  private static ObjectNode functionCall(SimAnswer a) {
    ObjectNode part = NODES.objectNode();
    ObjectNode call = part.putObject("functionCall");
    call.put("name", a.toolName());
    try {
      call.set("args", JSON.readTree(a.toolArguments()));
    } catch (Exception e) {
      call.putObject("args");
    }
    return part;
  }

  private static ObjectNode usage(SimAnswer a, boolean complete) {
    ObjectNode usage = NODES.objectNode();
    usage.put("promptTokenCount", a.promptTokens());
    if (complete) {
      usage.put("candidatesTokenCount", a.completionTokens());
    }
    usage.put("totalTokenCount", a.promptTokens() + (complete ? a.completionTokens() : 0));
    return usage;
  }

  static String responseId(SimAnswer a) {
    return a.id().replace("chatcmpl-", "");
  }
}
