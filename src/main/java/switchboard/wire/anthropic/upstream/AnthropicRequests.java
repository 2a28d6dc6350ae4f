package switchboard.wire.anthropic.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import switchboard.pipeline.GatewayException;

/**
 * Canonical (OpenAI Chat) requests as Anthropic Messages requests (wire-formats §4.1), for an
 * upstream spoken with {@code anthropic-version: 2023-06-01}, under which the sampling fields
 * ({@code temperature}, {@code top_p}, {@code top_k}) are still accepted.
 *
 * <p>Choices this translation makes:
 *
 * <ul>
 *   <li>System and developer messages, wherever they stand, are hoisted into {@code system} in
 *       order (a plain string, or text blocks when one carries {@code cache_control}).
 *   <li>{@code response_format: json_schema} becomes a tool named {@link #JSON_TOOL} whose {@code
 *       input_schema} is the schema. With no other tools and no reasoning it is forced ({@code
 *       tool_choice: {type: tool}}); otherwise (Anthropic forbids forcing a tool while thinking,
 *       and the client's own tools must stay callable) a system instruction asks for it. {@link
 *       AnthropicResponses} and {@link AnthropicStreamDecoder} turn its input back into the message
 *       {@code content}, finish reason {@code stop}. {@code json_object} has no schema to force, so
 *       it becomes a system instruction only.
 *   <li>{@code reasoning_effort} becomes {@code thinking: {type: enabled, budget_tokens}} with the
 *       budgets of {@link #THINKING_BUDGETS} (never above {@code max_tokens - 1}; {@code none}
 *       sends no thinking). Anthropic forbids {@code temperature} other than 1, {@code top_k} and
 *       forced tools with thinking, so those are a 400 naming the field.
 *   <li>Fields that change the shape of the answer and have no Anthropic equivalent ({@code n > 1},
 *       {@code logprobs}, {@code top_logprobs}, {@code logit_bias}, audio output, {@code
 *       web_search_options}, legacy {@code functions}) are a 400 naming the field; fields that only
 *       tune sampling or storage ({@code seed}, {@code frequency_penalty}, {@code
 *       presence_penalty}, {@code store}, {@code metadata}, {@code service_tier}, {@code
 *       prediction}, {@code verbosity}) are dropped.
 * </ul>
 */
public final class AnthropicRequests {

  /** The name of the tool that carries a structured ({@code json_schema}) answer. */
  public static final String JSON_TOOL = "switchboard_json_output";

  /** Thinking budget per {@code reasoning_effort}, in tokens (Anthropic's minimum is 1024). */
  public static final Map<String, Long> THINKING_BUDGETS =
      Map.of("minimal", 1024L, "low", 2048L, "medium", 8192L, "high", 16384L, "xhigh", 32768L);

  static final String JSON_OBJECT_INSTRUCTION =
      "Respond with a single valid JSON object only, with no text before or after it.";
  static final String JSON_TOOL_INSTRUCTION =
      "Give your final answer by calling the tool `" + JSON_TOOL + "`; its input is your answer.";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final long MIN_THINKING = 1024;

  private AnthropicRequests() {}

  /**
   * The Anthropic Messages body for a canonical chat request.
   *
   * @param chat a validated canonical request, gateway extensions already stripped; not changed
   * @param model the upstream model id
   * @param defaultMaxTokens {@code max_tokens} when the request sets neither {@code
   *     max_completion_tokens} nor {@code max_tokens} (Anthropic requires one); 4096 if not
   *     positive
   * @param stream whether to ask for a stream
   * @throws GatewayException (400, naming the field) for what Anthropic cannot honour
   */
  public static ObjectNode fromCanonical(
      ObjectNode chat, String model, long defaultMaxTokens, boolean stream) {
    rejectUnsupported(chat);
    ObjectNode out = NODES.objectNode();
    out.put("model", model);
    long maxTokens = maxTokens(chat, defaultMaxTokens);
    out.put("max_tokens", maxTokens);
    AnthropicMessages.Translated translated = AnthropicMessages.translate(chat.get("messages"));
    ArrayNode system = translated.system();
    ObjectNode thinking = thinking(chat, maxTokens);

    ArrayNode tools = null;
    if (chat.path("tools").isArray() && !chat.get("tools").isEmpty()) {
      tools = AnthropicTools.tools(chat.get("tools"));
    }
    boolean parallelDisabled =
        chat.path("parallel_tool_calls").isBoolean()
            && !chat.get("parallel_tool_calls").asBoolean();
    ObjectNode toolChoice =
        tools == null ? null : AnthropicTools.toolChoice(chat.get("tool_choice"), parallelDisabled);

    JsonNode format = chat.get("response_format");
    String formatType = format == null || format.isNull() ? "text" : format.path("type").asText("");
    switch (formatType) {
      case "text" -> {}
      case "json_object" ->
          system.addObject().put("type", "text").put("text", JSON_OBJECT_INSTRUCTION);
      case "json_schema" -> {
        ObjectNode jsonTool = AnthropicTools.jsonTool(format.path("json_schema"));
        if (tools == null && thinking == null) {
          tools = NODES.arrayNode();
          toolChoice = NODES.objectNode().put("type", "tool").put("name", JSON_TOOL);
        } else {
          tools = tools == null ? NODES.arrayNode() : tools;
          system.addObject().put("type", "text").put("text", JSON_TOOL_INSTRUCTION);
        }
        tools.add(jsonTool);
      }
      default ->
          throw GatewayException.invalid(
              "response_format.type", "Unsupported response_format type '" + formatType + "'.");
    }

    if (!system.isEmpty()) {
      out.set("system", systemValue(system));
    }
    out.set("messages", translated.turns());
    stopSequences(chat.get("stop"), out);
    sampling(chat, out, thinking != null);
    if (tools != null) {
      out.set("tools", tools);
    }
    if (toolChoice != null) {
      String type = toolChoice.path("type").asText();
      if (thinking != null && (type.equals("any") || type.equals("tool"))) {
        throw GatewayException.invalid(
            "tool_choice",
            "Anthropic models cannot be forced to call a tool while reasoning_effort is set.");
      }
      out.set("tool_choice", toolChoice);
    }
    if (thinking != null) {
      out.set("thinking", thinking);
    }
    String user = text(chat.get("user"));
    if (user == null) {
      user = text(chat.get("safety_identifier"));
    }
    if (user != null) {
      out.putObject("metadata").put("user_id", user);
    }
    if (stream) {
      out.put("stream", true);
    }
    return out;
  }

  private static void rejectUnsupported(ObjectNode chat) {
    if (chat.path("n").canConvertToLong() && chat.get("n").asLong() > 1) {
      throw GatewayException.invalid("n", "Anthropic models return one choice; 'n' must be 1.");
    }
    if (chat.path("logprobs").asBoolean(false)) {
      throw GatewayException.invalid("logprobs", "Anthropic models do not return logprobs.");
    }
    if (present(chat.get("top_logprobs"))) {
      throw GatewayException.invalid("top_logprobs", "Anthropic models do not return logprobs.");
    }
    if (chat.path("logit_bias").isObject() && !chat.get("logit_bias").isEmpty()) {
      throw GatewayException.invalid("logit_bias", "Anthropic models do not take 'logit_bias'.");
    }
    if (present(chat.get("audio"))) {
      throw GatewayException.invalid("audio", "Anthropic models do not produce audio.");
    }
    for (JsonNode modality : chat.path("modalities")) {
      if ("audio".equals(modality.asText())) {
        throw GatewayException.invalid("modalities", "Anthropic models do not produce audio.");
      }
    }
    if (present(chat.get("web_search_options"))) {
      throw GatewayException.invalid(
          "web_search_options", "'web_search_options' is not supported for Anthropic models.");
    }
    if (present(chat.get("functions")) || present(chat.get("function_call"))) {
      throw GatewayException.invalid(
          present(chat.get("functions")) ? "functions" : "function_call",
          "Legacy functions are not supported for Anthropic models; use 'tools'.");
    }
  }

  private static long maxTokens(ObjectNode chat, long defaultMaxTokens) {
    for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
      JsonNode n = chat.get(field);
      if (n != null && n.canConvertToLong() && n.asLong() > 0) {
        return n.asLong();
      }
    }
    return defaultMaxTokens > 0 ? defaultMaxTokens : 4096;
  }

  private static ObjectNode thinking(ObjectNode chat, long maxTokens) {
    JsonNode effort = chat.get("reasoning_effort");
    if (effort == null || effort.isNull() || "none".equals(effort.asText())) {
      return null;
    }
    Long budget = THINKING_BUDGETS.get(effort.asText());
    if (budget == null) {
      throw GatewayException.invalid(
          "reasoning_effort",
          "'reasoning_effort' must be one of none, minimal, low, medium, high, xhigh.");
    }
    if (maxTokens <= MIN_THINKING) {
      throw GatewayException.invalid(
          "reasoning_effort",
          "Reasoning on Anthropic models needs "
              + "max_completion_tokens above "
              + MIN_THINKING
              + " (the minimum thinking budget).");
    }
    ObjectNode thinking = NODES.objectNode();
    thinking.put("type", "enabled");
    thinking.put("budget_tokens", Math.min(budget, maxTokens - 1));
    return thinking;
  }

  private static JsonNode systemValue(ArrayNode blocks) {
    boolean cached = false;
    StringBuilder joined = new StringBuilder();
    for (JsonNode block : blocks) {
      cached |= block.has("cache_control");
      if (!joined.isEmpty()) {
        joined.append("\n\n");
      }
      joined.append(block.path("text").asText());
    }
    // Text blocks only when a breakpoint must be kept; a string otherwise, as most clients send.
    return cached ? blocks : NODES.textNode(joined.toString());
  }

  private static void stopSequences(JsonNode stop, ObjectNode out) {
    if (stop == null || stop.isNull()) {
      return;
    }
    ArrayNode sequences = NODES.arrayNode();
    if (stop.isTextual()) {
      addStop(stop, sequences);
    } else if (stop.isArray()) {
      for (JsonNode s : stop) {
        if (!s.isTextual()) {
          throw GatewayException.invalid("stop", "'stop' must be a string or an array of strings.");
        }
        addStop(s, sequences);
      }
    } else {
      throw GatewayException.invalid("stop", "'stop' must be a string or an array of strings.");
    }
    if (!sequences.isEmpty()) {
      out.set("stop_sequences", sequences);
    }
  }

  private static void addStop(JsonNode s, ArrayNode sequences) {
    if (!s.asText().isBlank()) { // Anthropic rejects whitespace-only stop sequences
      sequences.add(s.asText());
    }
  }

  private static void sampling(ObjectNode chat, ObjectNode out, boolean thinking) {
    JsonNode temperature = chat.get("temperature");
    if (present(temperature)) {
      double t = temperature.asDouble();
      if (!temperature.isNumber() || t < 0 || t > 1) {
        throw GatewayException.invalid(
            "temperature", "Anthropic models take a temperature between 0 and 1.");
      }
      if (thinking && t != 1) {
        throw GatewayException.invalid(
            "temperature",
            "Anthropic models take no temperature other than 1 while reasoning_effort is set.");
      }
      out.set("temperature", temperature);
    }
    JsonNode topP = chat.get("top_p");
    if (present(topP)) {
      out.set("top_p", topP);
    }
    JsonNode topK = chat.get("top_k");
    if (present(topK)) {
      if (!topK.canConvertToLong() || !topK.isIntegralNumber() || topK.asLong() < 0) {
        throw GatewayException.invalid("top_k", "'top_k' must be a non-negative integer.");
      }
      if (thinking) {
        throw GatewayException.invalid(
            "top_k", "Anthropic models take no top_k while reasoning_effort is set.");
      }
      out.put("top_k", topK.asLong());
    }
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull();
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }
}
