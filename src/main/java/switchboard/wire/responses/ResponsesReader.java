package switchboard.wire.responses;

import static switchboard.wire.responses.Fields.absent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import switchboard.pipeline.GatewayException;
import switchboard.wire.openai.InboundRequest;
import switchboard.wire.openai.RequestReader;

/**
 * Reads and validates inbound Responses bodies ({@code POST /v1/responses}) and translates them to
 * the canonical chat body: {@code instructions} → a leading system message, {@code input} → the
 * messages ({@link InputItems}), {@code tools}/{@code tool_choice} ({@link ResponsesTools}), {@code
 * text.format} → {@code response_format}, {@code text.verbosity} → {@code verbosity}, {@code
 * max_output_tokens} → {@code max_tokens}, {@code reasoning.effort} → {@code reasoning_effort},
 * {@code temperature}, {@code top_p}, {@code parallel_tool_calls}, {@code top_logprobs}, {@code
 * user}/{@code safety_identifier} → {@code user}. Structure and types are checked (400 naming the
 * field); value ranges a provider enforces differently are left to it. Fields with no effect on the
 * answer's content ({@code metadata}, {@code include}, {@code truncation}, {@code service_tier},
 * {@code prompt_cache_key}, {@code reasoning.summary}) are echoed but not translated.
 */
public final class ResponsesReader {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> EFFORTS =
      Set.of("none", "minimal", "low", "medium", "high", "xhigh");

  /** Top-level fields whose effect only OpenAI's service provides (stored prompts, files). */
  private static final List<String> OPENAI_ONLY = List.of("prompt");

  private ResponsesReader() {}

  /**
   * Validates {@code body}, removes the gateway extensions from it and builds the canonical
   * request. Parse the bytes with {@link RequestReader#object} first.
   *
   * @throws GatewayException 400 naming the field for anything malformed
   */
  public static ResponsesRequest read(ObjectNode body) {
    RequestReader.Extensions ext = RequestReader.Extensions.take(body);
    return translate(body, ext, null);
  }

  /**
   * The request {@code first} continuing a stored conversation: {@code history} (the stored input
   * and output items, oldest first) goes before the request's own {@code input}.
   */
  public static ResponsesRequest continued(ResponsesRequest first, ArrayNode history) {
    InboundRequest c = first.canonical();
    ResponsesRequest again =
        translate(
            first.echo().deepCopy(),
            new RequestReader.Extensions(c.fallbacks(), c.options()),
            history);
    return again;
  }

  private static ResponsesRequest translate(
      ObjectNode body, RequestReader.Extensions ext, ArrayNode history) {
    ObjectNode echo = body.deepCopy();
    Gaps gaps = new Gaps();
    String model = Fields.string(body, "", "model", true);
    String previous = Fields.optionalString(body, "", "previous_response_id");
    if (previous != null && previous.isBlank()) {
      throw Fields.wrong("previous_response_id", "a non-empty string");
    }
    boolean store = Fields.optionalBoolean(body, "", "store", true);
    refuse(body);
    ObjectNode chat = NODES.objectNode();
    chat.put("model", model);
    ArrayNode messages = chat.putArray("messages");
    String instructions = Fields.optionalString(body, "", "instructions");
    if (instructions != null && !instructions.isEmpty()) {
      messages.addObject().put("role", "system").put("content", instructions);
    }
    InputItems items = new InputItems(messages, gaps);
    if (history != null) {
      items.translate(history);
    }
    JsonNode input = body.get("input");
    if (absent(input)) {
      if (previous == null) {
        throw Fields.missing("input");
      }
    } else {
      items.translate(input);
    }
    if (messages.isEmpty()) {
      throw Fields.wrong("input", "a non-empty string or array of input items");
    }
    ResponsesTools.tools(body, chat, gaps);
    ResponsesTools.toolChoice(body, chat, gaps);
    sampling(body, chat);
    text(body, chat);
    reasoning(body, chat);
    user(body, chat);
    boolean stream = Fields.optionalBoolean(body, "", "stream", false);
    if (stream) {
      // A Responses stream always ends with usage (response.completed): ask every upstream.
      chat.put("stream", true);
      chat.putObject("stream_options").put("include_usage", true);
    }
    for (String field : OPENAI_ONLY) {
      if (!absent(body.get(field))) {
        gaps.note(field, "'" + field + "'");
      }
    }
    if (history != null) {
      ArrayNode spliced = history.deepCopy();
      if (!absent(input)) {
        if (input.isTextual()) {
          spliced.addObject().put("role", "user").put("content", input.asText());
        } else {
          input.forEach(item -> spliced.add(item.deepCopy()));
        }
      }
      body.set("input", spliced);
      body.remove("previous_response_id");
    }
    InboundRequest canonical =
        new InboundRequest(chat, model, ext.fallbacks(), stream, stream, ext.options());
    return new ResponsesRequest(canonical, body, echo, gaps.first(), previous, store);
  }

  /** What the gateway does not offer on any model; 400 naming the field. */
  private static void refuse(ObjectNode body) {
    if (Fields.optionalBoolean(body, "", "background", false)) {
      throw GatewayException.invalid(
          "background",
          "'background' mode is not supported by the gateway; omit it or send false.");
    }
    if (!absent(body.get("conversation"))) {
      throw GatewayException.invalid(
          "conversation",
          "'conversation' objects are not supported by the gateway; continue a stored response"
              + " with 'previous_response_id' instead.");
    }
  }

  private static void sampling(ObjectNode body, ObjectNode chat) {
    for (String field : List.of("temperature", "top_p")) {
      JsonNode value = Fields.optionalNumber(body, field);
      if (value != null) {
        chat.set(field, value);
      }
    }
    Long max = Fields.optionalInteger(body, "max_output_tokens", 1);
    if (max != null) {
      if (max == max.intValue()) {
        chat.put("max_tokens", max.intValue()); // an int node, as a parser gives
      } else {
        chat.put("max_tokens", max);
      }
    }
    Long logprobs = Fields.optionalInteger(body, "top_logprobs", 0);
    if (logprobs != null && logprobs > 0) {
      chat.put("logprobs", true);
      chat.put("top_logprobs", logprobs.intValue());
    }
    JsonNode parallel = body.get("parallel_tool_calls");
    if (!absent(parallel)) {
      chat.put(
          "parallel_tool_calls", Fields.optionalBoolean(body, "", "parallel_tool_calls", true));
    }
  }

  /** {@code text.format} → {@code response_format}; {@code text.verbosity} → {@code verbosity}. */
  private static void text(ObjectNode body, ObjectNode chat) {
    JsonNode text = Fields.optionalObject(body, "", "text");
    if (text == null) {
      return;
    }
    String verbosity =
        Fields.optionalOneOf(text, "text", "verbosity", Set.of("low", "medium", "high"));
    if (verbosity != null) {
      chat.put("verbosity", verbosity);
    }
    JsonNode format = Fields.optionalObject(text, "text", "format");
    if (format == null) {
      return;
    }
    String type = Fields.string(format, "text.format", "type", true);
    switch (type) {
      case "text" -> {}
      case "json_object" -> chat.putObject("response_format").put("type", "json_object");
      case "json_schema" -> {
        ObjectNode schema =
            chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
        schema.put("name", Fields.string(format, "text.format", "name", true));
        String description = Fields.optionalString(format, "text.format", "description");
        if (description != null) {
          schema.put("description", description);
        }
        JsonNode jsonSchema = Fields.optionalObject(format, "text.format", "schema");
        if (jsonSchema == null) {
          throw Fields.missing("text.format.schema");
        }
        schema.set("schema", jsonSchema.deepCopy());
        if (!absent(format.get("strict"))) {
          schema.put("strict", Fields.optionalBoolean(format, "text.format", "strict", false));
        }
      }
      default ->
          throw Fields.invalidValue(
              "text.format.type", type, Set.of("text", "json_object", "json_schema"));
    }
  }

  private static void reasoning(ObjectNode body, ObjectNode chat) {
    JsonNode reasoning = Fields.optionalObject(body, "", "reasoning");
    if (reasoning == null) {
      return;
    }
    String effort = Fields.optionalOneOf(reasoning, "reasoning", "effort", EFFORTS);
    Fields.optionalOneOf(reasoning, "reasoning", "summary", Set.of("auto", "concise", "detailed"));
    if (effort != null) {
      chat.put("reasoning_effort", effort);
    }
  }

  private static void user(ObjectNode body, ObjectNode chat) {
    String user = Fields.optionalString(body, "", "user");
    String safety = Fields.optionalString(body, "", "safety_identifier");
    if (safety != null || user != null) {
      chat.put("user", safety != null ? safety : user);
    }
    Fields.optionalObject(body, "", "metadata");
  }
}
