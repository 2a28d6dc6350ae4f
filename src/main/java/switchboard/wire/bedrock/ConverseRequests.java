package switchboard.wire.bedrock;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import switchboard.pipeline.GatewayException;

/**
 * Canonical (OpenAI Chat) requests as Bedrock Converse bodies. Pure. The model goes in the URL, not
 * the body. What Converse cannot carry is refused with a 400 naming the field, before any call.
 *
 * <p>Model-specific fields ({@code additionalModelRequestFields}): {@code top_k} goes to Anthropic
 * as {@code top_k} and to Nova as {@code inferenceConfig.topK}; {@code reasoning_effort} goes to
 * Anthropic as {@code thinking} with a token budget. Both are refused for other families, whose
 * documented Converse fields do not include them.
 */
public final class ConverseRequests {

  /** Strict: client text with trailing tokens after a JSON value is not that value. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

  private ConverseRequests() {}

  /** Translates {@code chat}, taking the model family from its {@code model} field. */
  public static ObjectNode fromCanonical(ObjectNode chat) {
    return fromCanonical(chat, chat.path("model").asText(""));
  }

  /**
   * Translates {@code chat} for the Bedrock model {@code modelId}.
   *
   * @throws GatewayException (invalid request, naming the field) for what Converse cannot carry
   */
  public static ObjectNode fromCanonical(ObjectNode chat, String modelId) {
    if (chat.path("n").asInt(1) > 1) {
      throw GatewayException.invalid("n", "Bedrock Converse returns one choice; n must be 1.");
    }
    if (chat.path("logprobs").asBoolean(false)) {
      throw GatewayException.invalid("logprobs", "Bedrock Converse does not return logprobs.");
    }
    String format = chat.path("response_format").path("type").asText("text");
    if (!format.equals("text")) {
      throw GatewayException.invalid(
          "response_format",
          "Bedrock Converse has no response_format "
              + format
              + "; describe the format in the prompt or use a tool.");
    }
    ObjectNode out = NODES.objectNode();
    ConverseMessages messages = new ConverseMessages();
    messages.read(chat.path("messages"));
    if (!messages.system().isEmpty()) {
      out.set("system", messages.system());
    }
    out.set("messages", messages.turns());
    ObjectNode inference = inferenceConfig(chat);
    ConverseFamily family = ConverseFamily.of(modelId);
    ObjectNode extra = NODES.objectNode();
    topK(chat, family, extra);
    reasoning(chat, family, extra, inference);
    if (!inference.isEmpty()) {
      out.set("inferenceConfig", inference);
    }
    ObjectNode tools = toolConfig(chat, messages.usesTools());
    if (tools != null) {
      out.set("toolConfig", tools);
    }
    if (!extra.isEmpty()) {
      out.set("additionalModelRequestFields", extra);
    }
    return out;
  }

  private static ObjectNode inferenceConfig(ObjectNode chat) {
    ObjectNode inference = NODES.objectNode();
    JsonNode max =
        chat.has("max_completion_tokens")
            ? chat.get("max_completion_tokens")
            : chat.get("max_tokens");
    if (max != null && !max.isNull()) {
      inference.put("maxTokens", max.asInt());
    }
    if (chat.hasNonNull("temperature")) {
      inference.set("temperature", chat.get("temperature"));
    }
    if (chat.hasNonNull("top_p")) {
      inference.set("topP", chat.get("top_p"));
    }
    JsonNode stop = chat.get("stop");
    if (stop != null && !stop.isNull()) {
      ArrayNode sequences = inference.putArray("stopSequences");
      if (stop.isArray()) {
        stop.forEach(s -> sequences.add(s.asText()));
      } else {
        sequences.add(stop.asText());
      }
    }
    return inference;
  }

  private static void topK(ObjectNode chat, ConverseFamily family, ObjectNode extra) {
    if (!chat.hasNonNull("top_k")) {
      return;
    }
    switch (family) {
      case ANTHROPIC -> extra.set("top_k", chat.get("top_k"));
      case NOVA -> extra.putObject("inferenceConfig").set("topK", chat.get("top_k"));
      default ->
          throw GatewayException.invalid(
              "top_k", "top_k is not supported by Bedrock Converse for this model family.");
    }
  }

  private static void reasoning(
      ObjectNode chat, ConverseFamily family, ObjectNode extra, ObjectNode inference) {
    String effort = chat.path("reasoning_effort").asText("");
    if (effort.isEmpty() || effort.equals("none") || effort.equals("minimal")) {
      return;
    }
    if (family != ConverseFamily.ANTHROPIC) {
      throw GatewayException.invalid(
          "reasoning_effort",
          "reasoning_effort is only translated for Anthropic models on Bedrock.");
    }
    int budget =
        switch (effort.toLowerCase(Locale.ROOT)) {
          case "low" -> 1024;
          case "medium" -> 4096;
          case "high" -> 16384;
          default ->
              throw GatewayException.invalid(
                  "reasoning_effort", "reasoning_effort must be low, medium or high.");
        };
    if (!inference.has("maxTokens")) {
      inference.put("maxTokens", budget + 4096); // thinking needs room above its budget
    } else if (inference.get("maxTokens").asInt() <= budget) {
      throw GatewayException.invalid(
          "max_tokens",
          "max_tokens must exceed the thinking budget of "
              + budget
              + " tokens that reasoning_effort "
              + effort
              + " asks for.");
    }
    extra.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
  }

  private static ObjectNode toolConfig(ObjectNode chat, boolean historyUsesTools) {
    JsonNode tools = chat.path("tools");
    if (!tools.isArray() || tools.isEmpty()) {
      return null;
    }
    JsonNode choice = chat.get("tool_choice");
    boolean none = choice != null && "none".equals(choice.asText());
    if (none && !historyUsesTools) {
      return null; // Converse has no "none": offering no tools is the same
    }
    ObjectNode config = NODES.objectNode();
    ArrayNode specs = config.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      if (!"function".equals(tool.path("type").asText("function"))) {
        throw GatewayException.invalid(
            "tools[" + i + "].type", "Bedrock Converse takes function tools only.");
      }
      JsonNode function = tool.path("function");
      if (!function.path("name").isTextual()) {
        throw GatewayException.invalid("tools[" + i + "].function.name", "A tool needs a name.");
      }
      ObjectNode spec = specs.addObject().putObject("toolSpec");
      spec.put("name", function.get("name").asText());
      if (function.hasNonNull("description")) {
        spec.put("description", function.get("description").asText());
      }
      JsonNode schema = function.get("parameters");
      spec.putObject("inputSchema")
          .set(
              "json",
              schema != null && schema.isObject()
                  ? schema
                  : NODES.objectNode().put("type", "object").set("properties", NODES.objectNode()));
    }
    if (choice != null && !none) {
      config.set("toolChoice", toolChoice(choice));
    }
    return config;
  }

  private static ObjectNode toolChoice(JsonNode choice) {
    ObjectNode out = NODES.objectNode();
    if (choice.isTextual()) {
      switch (choice.asText()) {
        case "auto" -> out.putObject("auto");
        case "required" -> out.putObject("any");
        default ->
            throw GatewayException.invalid(
                "tool_choice", "tool_choice must be none, auto, required or a function.");
      }
      return out;
    }
    String name = choice.path("function").path("name").asText(null);
    if (name == null) {
      throw GatewayException.invalid("tool_choice.function.name", "tool_choice names no function.");
    }
    out.putObject("tool").put("name", name);
    return out;
  }

  /** Parses a tool call's JSON arguments into Converse's {@code input} object. */
  static JsonNode arguments(String arguments, String param) {
    if (arguments == null || arguments.isBlank()) {
      return NODES.objectNode();
    }
    try {
      JsonNode parsed = JSON.readTree(arguments);
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (IOException e) {
      // reported below
    }
    throw GatewayException.invalid(param, "Tool call arguments must be a JSON object.");
  }

  static boolean imageFormat(String format) {
    return IMAGE_FORMATS.contains(format);
  }
}
