package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.model.Usage;
import switchboard.wire.openai.UsageReader;

/**
 * Usage in Responses terms and back: {@code input_tokens} (cached included, like {@code
 * prompt_tokens}), {@code input_tokens_details.cached_tokens} (and {@code .cache_write_tokens},
 * which the official SDK requires), {@code output_tokens} (reasoning included), {@code
 * output_tokens_details.reasoning_tokens}, {@code total_tokens}.
 */
public final class ResponsesUsage {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResponsesUsage() {}

  /** A canonical usage object as Responses' {@code usage}. */
  public static ObjectNode fromCanonical(JsonNode canonical) {
    Usage u = UsageReader.read(canonical);
    ObjectNode usage = NODES.objectNode();
    usage.put("input_tokens", u.input());
    usage
        .putObject("input_tokens_details")
        .put("cached_tokens", u.cacheRead())
        .put("cache_write_tokens", u.cacheWrite());
    usage.put("output_tokens", u.output());
    usage.putObject("output_tokens_details").put("reasoning_tokens", u.reasoning());
    usage.put("total_tokens", u.input() + u.output());
    return usage;
  }

  /** Responses' {@code usage} (may be null) as a canonical usage object. */
  public static ObjectNode toCanonical(JsonNode usage) {
    ObjectNode out = NODES.objectNode();
    long input = usage == null ? 0 : usage.path("input_tokens").asLong(0);
    long output = usage == null ? 0 : usage.path("output_tokens").asLong(0);
    out.put("prompt_tokens", input);
    out.put("completion_tokens", output);
    out.put(
        "total_tokens",
        usage != null && usage.has("total_tokens")
            ? usage.path("total_tokens").asLong(input + output)
            : input + output);
    long cached =
        usage == null ? 0 : usage.path("input_tokens_details").path("cached_tokens").asLong(0);
    ObjectNode details = out.putObject("prompt_tokens_details").put("cached_tokens", cached);
    long written =
        usage == null ? 0 : usage.path("input_tokens_details").path("cache_write_tokens").asLong(0);
    if (written > 0) {
      details.put("cache_write_tokens", written);
    }
    long reasoning =
        usage == null ? 0 : usage.path("output_tokens_details").path("reasoning_tokens").asLong(0);
    out.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
    return out;
  }
}
