package switchboard.wire.anthropic.inbound;

import static switchboard.wire.anthropic.Fields.absent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import switchboard.wire.anthropic.Fields;
import switchboard.wire.openai.InboundRequest;
import switchboard.wire.openai.RequestReader;

/**
 * Reads and validates inbound Anthropic Messages bodies ({@code POST /v1/messages}, wire-formats
 * §3.2–3.3) and translates them to the canonical OpenAI chat body (§4.3). Structure and types are
 * checked (400 naming the field path); value ranges a provider enforces differently (temperature
 * bounds, a thinking budget below {@code max_tokens}, …) are left to it. Both {@code
 * anthropic-version} values are accepted alike: {@code temperature}, {@code top_p} and {@code
 * top_k} are kept whenever the client sends them.
 */
public final class MessagesReader {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Top-level fields whose effect only an Anthropic model provides; dropping them silently would
   * change what the client gets (tools run, data location, output shape), so they are gaps. Unknown
   * fields and harmless hints ({@code service_tier}, top-level {@code cache_control}) are simply
   * not translated.
   */
  private static final List<String> ANTHROPIC_ONLY =
      List.of(
          "mcp_servers",
          "container",
          "output_config",
          "output_format",
          "inference_geo",
          "context_management");

  private MessagesReader() {}

  /**
   * Validates {@code body}, removes the gateway extensions from it (it becomes {@link
   * MessagesRequest#nativeBody}) and builds the canonical request. Parse the bytes with {@link
   * RequestReader#object} first.
   *
   * @throws switchboard.pipeline.GatewayException 400 naming the field for anything malformed
   */
  public static MessagesRequest read(ObjectNode body) {
    RequestReader.Extensions ext = RequestReader.Extensions.take(body);
    Gaps gaps = new Gaps();
    String model = Fields.string(body, "", "model", true);
    if (model.isBlank()) {
      throw Fields.wrong("model", "a non-empty string");
    }
    Long maxTokens = Fields.positiveInteger(body, "", "max_tokens");
    if (maxTokens == null) {
      throw Fields.missing("max_tokens");
    }
    ObjectNode chat = NODES.objectNode();
    chat.put("model", model);
    ArrayNode messages = chat.putArray("messages");
    system(body.get("system"), messages);
    JsonNode turns = body.get("messages");
    if (absent(turns)) {
      throw Fields.missing("messages");
    }
    if (!turns.isArray() || turns.isEmpty()) {
      throw Fields.wrong("messages", "a non-empty array");
    }
    for (int i = 0; i < turns.size(); i++) {
      Turns.translate(turns.get(i), "messages[" + i + "]", messages, gaps);
    }
    chat.set("max_tokens", integer(maxTokens));
    sampling(body, chat);
    stopSequences(body, chat);
    Tools.tools(body, chat, gaps);
    Tools.toolChoice(body, chat);
    thinking(body, chat);
    metadata(body, chat);
    boolean stream = Fields.optionalBoolean(body, "", "stream");
    if (stream) {
      // Anthropic streams always end with usage; ask every upstream for its usage chunk.
      chat.put("stream", true);
      chat.putObject("stream_options").put("include_usage", true);
    }
    Fields.cacheControl(body, "");
    for (String field : ANTHROPIC_ONLY) {
      if (!absent(body.get(field))) {
        gaps.note(field, "'" + field + "'");
      }
    }
    InboundRequest canonical =
        new InboundRequest(chat, model, ext.fallbacks(), stream, stream, ext.options());
    return new MessagesRequest(canonical, body, gaps.first());
  }

  /**
   * {@code system} (string or text blocks) → one leading system message, blocks joined by newlines.
   */
  private static void system(JsonNode system, ArrayNode messages) {
    if (absent(system)) {
      return;
    }
    String text;
    if (system.isTextual()) {
      text = system.asText();
    } else if (system.isArray()) {
      StringBuilder joined = new StringBuilder();
      for (int i = 0; i < system.size(); i++) {
        JsonNode block = system.get(i);
        String p = "system[" + i + "]";
        if (!block.isObject()) {
          throw Fields.wrong(p, "an object");
        }
        Fields.oneOf(block, p, "type", Set.of("text"));
        Fields.cacheControl(block, p);
        if (i > 0) {
          joined.append('\n');
        }
        joined.append(Fields.string(block, p, "text", false));
      }
      text = joined.toString();
    } else {
      throw Fields.wrong("system", "a string or an array of text blocks");
    }
    if (!text.isEmpty()) {
      messages.addObject().put("role", "system").put("content", text);
    }
  }

  /** temperature, top_p and top_k as given; {@code top_k} is an extension some upstreams drop. */
  private static void sampling(ObjectNode body, ObjectNode chat) {
    for (String field : List.of("temperature", "top_p")) {
      Fields.optionalNumber(body, field);
      if (!absent(body.get(field))) {
        chat.set(field, body.get(field));
      }
    }
    Long topK = Fields.positiveInteger(body, "", "top_k");
    if (topK != null) {
      chat.set("top_k", integer(topK));
    }
  }

  /** An int node when it fits, as a parser would give, so canonical bodies compare equal. */
  private static JsonNode integer(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  private static void stopSequences(ObjectNode body, ObjectNode chat) {
    JsonNode stops = body.get("stop_sequences");
    if (absent(stops)) {
      return;
    }
    if (!stops.isArray()) {
      throw Fields.wrong("stop_sequences", "an array of strings");
    }
    for (int i = 0; i < stops.size(); i++) {
      if (!stops.get(i).isTextual()) {
        throw Fields.wrong("stop_sequences[" + i + "]", "a string");
      }
    }
    if (!stops.isEmpty()) {
      chat.set("stop", stops.deepCopy());
    }
  }

  /**
   * {@code thinking: enabled} → {@code reasoning_effort} by budget: below 4096 tokens {@code low},
   * below 16384 {@code medium}, else {@code high}. {@code adaptive} leaves the upstream's default
   * effort (none is sent); {@code disabled} sends nothing.
   */
  private static void thinking(ObjectNode body, ObjectNode chat) {
    JsonNode thinking = body.get("thinking");
    if (absent(thinking)) {
      return;
    }
    if (!thinking.isObject()) {
      throw Fields.wrong("thinking", "an object");
    }
    String type =
        Fields.oneOf(thinking, "thinking", "type", Set.of("enabled", "disabled", "adaptive"));
    Fields.optionalString(thinking, "thinking", "display");
    if (type.equals("enabled")) {
      Long budget = Fields.positiveInteger(thinking, "thinking", "budget_tokens");
      if (budget == null) {
        throw Fields.missing("thinking.budget_tokens");
      }
      chat.put("reasoning_effort", budget < 4096 ? "low" : budget < 16384 ? "medium" : "high");
    }
  }

  private static void metadata(ObjectNode body, ObjectNode chat) {
    JsonNode metadata = body.get("metadata");
    if (absent(metadata)) {
      return;
    }
    if (!metadata.isObject()) {
      throw Fields.wrong("metadata", "an object");
    }
    String user = Fields.optionalString(metadata, "metadata", "user_id");
    if (user != null) {
      chat.put("user", user);
    }
  }
}
