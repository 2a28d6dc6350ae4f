package switchboard.wire.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import switchboard.pipeline.GatewayException;

/**
 * Canonical (OpenAI Chat Completions) request → Gemini {@code GenerateContentRequest} (wire-formats
 * §5.2). Pure: no I/O. The model is not in the body: it goes in the URL.
 *
 * <p>{@code reasoning_effort} → {@code generationConfig.thinkingConfig.thinkingBudget}: none → 0,
 * minimal → 128, low → 1024, medium → 8192, high, xhigh and max → 24576 (the largest budget every
 * Gemini 2.5 model accepts). Hints Gemini has no use for ({@code user}, {@code metadata}, {@code
 * store}, {@code parallel_tool_calls}, {@code stream_options}, {@code service_tier}, {@code
 * safety_identifier}, {@code prompt_cache_key}…) are dropped; fields that would change the answer
 * and cannot be honoured ({@code logprobs}, {@code logit_bias}, {@code audio}, {@code modalities},
 * {@code prediction}, {@code web_search_options}, legacy {@code functions}) are refused.
 */
public final class GeminiRequests {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<String, Integer> THINKING_BUDGET =
      Map.of(
          "none", 0, "minimal", 128, "low", 1024, "medium", 8192, "high", 24576, "xhigh", 24576,
          "max", 24576);
  private static final Set<String> REFUSED =
      Set.of(
          "logit_bias", "audio", "prediction", "web_search_options", "functions", "function_call");

  private GeminiRequests() {}

  /**
   * The Gemini body for a canonical chat request.
   *
   * @throws GatewayException naming the field, for what Gemini cannot take or out-of-range values
   */
  public static ObjectNode fromCanonical(ObjectNode chat) {
    for (String field : REFUSED) {
      if (chat.hasNonNull(field)) {
        throw GatewayException.invalid(field, field + " is not supported by Gemini.");
      }
    }
    if (chat.path("logprobs").asBoolean(false)) {
      throw GatewayException.invalid("logprobs", "logprobs is not supported for Gemini models.");
    }
    JsonNode modalities = chat.path("modalities");
    if (modalities.isArray()
        && (modalities.size() != 1 || !"text".equals(modalities.get(0).asText()))) {
      throw GatewayException.invalid("modalities", "Gemini models answer text only here.");
    }
    ObjectNode out = NODES.objectNode();
    GeminiContents.write(chat.get("messages"), out);
    tools(chat, out);
    ObjectNode config = generationConfig(chat);
    if (!config.isEmpty()) {
      out.set("generationConfig", config);
    }
    return out;
  }

  private static void tools(ObjectNode chat, ObjectNode out) {
    JsonNode tools = chat.path("tools");
    if (tools.isArray() && !tools.isEmpty()) {
      ArrayNode declarations = out.putArray("tools").addObject().putArray("functionDeclarations");
      for (int i = 0; i < tools.size(); i++) {
        JsonNode tool = tools.get(i);
        String at = "tools[" + i + "]";
        if (!"function".equals(tool.path("type").asText("function"))) {
          throw GatewayException.invalid(
              at + ".type", "Only function tools can be sent to Gemini.");
        }
        JsonNode fn = tool.path("function");
        String name = fn.path("name").asText("");
        if (name.isEmpty()) {
          throw GatewayException.invalid(at + ".function.name", "A tool needs a function name.");
        }
        ObjectNode d = declarations.addObject();
        d.put("name", name);
        if (fn.hasNonNull("description")) {
          d.put("description", fn.get("description").asText());
        }
        if (fn.hasNonNull("parameters")) {
          ObjectNode params =
              GeminiSchemas.clean(fn.get("parameters"), at + ".function.parameters");
          // Gemini rejects an OBJECT with no properties: a function without arguments has none.
          if (params.path("properties").size() > 0
              || !"object".equalsIgnoreCase(params.path("type").asText())) {
            d.set("parameters", params);
          }
        }
      }
    }
    JsonNode choice = chat.get("tool_choice");
    if (choice == null || choice.isNull()) {
      return;
    }
    ObjectNode fcc = NODES.objectNode();
    if (choice.isTextual()) {
      switch (choice.asText()) {
        case "auto" -> fcc.put("mode", "AUTO");
        case "none" -> fcc.put("mode", "NONE");
        case "required" -> fcc.put("mode", "ANY");
        default ->
            throw GatewayException.invalid(
                "tool_choice", "tool_choice must be auto, none, required or a function.");
      }
    } else {
      String name = choice.path("function").path("name").asText("");
      if (name.isEmpty()) {
        throw GatewayException.invalid(
            "tool_choice", "tool_choice must name a function for Gemini.");
      }
      fcc.put("mode", "ANY");
      fcc.putArray("allowedFunctionNames").add(name);
    }
    if (!out.has("tools") && !"NONE".equals(fcc.path("mode").asText())) {
      throw GatewayException.invalid("tool_choice", "tool_choice needs tools.");
    }
    out.putObject("toolConfig").set("functionCallingConfig", fcc);
  }

  private static ObjectNode generationConfig(ObjectNode chat) {
    ObjectNode g = NODES.objectNode();
    number(chat, "temperature", 0, 2, g, "temperature");
    number(chat, "top_p", 0, 1, g, "topP");
    integer(chat, "top_k", 1, Integer.MAX_VALUE, g, "topK");
    String maxField =
        chat.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    integer(chat, maxField, 1, Integer.MAX_VALUE, g, "maxOutputTokens");
    integer(chat, "n", 1, 8, g, "candidateCount");
    integer(chat, "seed", Integer.MIN_VALUE, Integer.MAX_VALUE, g, "seed");
    // Gemini's penalty range is [-2, 2), so exactly 2.0 is refused by Gemini too.
    number(chat, "presence_penalty", -2, 1.999999, g, "presencePenalty");
    number(chat, "frequency_penalty", -2, 1.999999, g, "frequencyPenalty");
    stop(chat.get("stop"), g);
    responseFormat(chat.get("response_format"), g);
    JsonNode effort = chat.get("reasoning_effort");
    if (effort != null && !effort.isNull()) {
      Integer budget = THINKING_BUDGET.get(effort.asText());
      if (budget == null) {
        throw GatewayException.invalid(
            "reasoning_effort",
            "reasoning_effort must be one of none, minimal, low, medium, high, xhigh, max.");
      }
      g.putObject("thinkingConfig").put("thinkingBudget", budget);
    }
    return g;
  }

  private static void number(
      ObjectNode chat, String field, double min, double max, ObjectNode g, String target) {
    JsonNode v = chat.get(field);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
      throw GatewayException.invalid(
          field,
          field
              + " must be a number from "
              + min
              + " to "
              + (max == 1.999999 ? "below 2" : String.valueOf(max))
              + " for Gemini.");
    }
    g.set(target, v);
  }

  private static void integer(
      ObjectNode chat, String field, long min, long max, ObjectNode g, String target) {
    JsonNode v = chat.get(field);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw GatewayException.invalid(
          field, field + " must be an integer from " + min + " to " + max + " for Gemini.");
    }
    g.set(target, v);
  }

  private static void stop(JsonNode stop, ObjectNode g) {
    if (stop == null || stop.isNull()) {
      return;
    }
    ArrayNode sequences = NODES.arrayNode();
    if (stop.isTextual()) {
      sequences.add(stop.asText());
    } else if (stop.isArray()) {
      for (JsonNode s : stop) {
        if (!s.isTextual()) {
          throw GatewayException.invalid("stop", "stop must hold strings.");
        }
        sequences.add(s.asText());
      }
    } else {
      throw GatewayException.invalid("stop", "stop must be a string or an array of strings.");
    }
    if (sequences.size() > 5) {
      throw GatewayException.invalid("stop", "Gemini takes at most 5 stop sequences.");
    }
    if (!sequences.isEmpty()) {
      g.set("stopSequences", sequences);
    }
  }

  private static void responseFormat(JsonNode format, ObjectNode g) {
    if (format == null || format.isNull()) {
      return;
    }
    switch (format.path("type").asText("")) {
      case "text" -> {}
      case "json_object" -> g.put("responseMimeType", "application/json");
      case "json_schema" -> {
        JsonNode schema = format.path("json_schema").get("schema");
        g.put("responseMimeType", "application/json");
        if (schema != null && !schema.isNull()) {
          g.set(
              "responseSchema", GeminiSchemas.clean(schema, "response_format.json_schema.schema"));
        }
      }
      default ->
          throw GatewayException.invalid(
              "response_format.type",
              "response_format.type must be text, json_object or json_schema.");
    }
  }
}
