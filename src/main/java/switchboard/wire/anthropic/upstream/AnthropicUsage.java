package switchboard.wire.anthropic.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic {@code usage} objects in canonical (OpenAI) form. Anthropic's {@code input_tokens}
 * counts only the tokens after the last cache breakpoint, so the canonical {@code prompt_tokens} is
 * {@code input_tokens + cache_read_input_tokens + cache_creation_input_tokens} (wire-formats §3.4,
 * §4.2), and {@code prompt_tokens + completion_tokens == total_tokens} always holds.
 */
public final class AnthropicUsage {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AnthropicUsage() {}

  /**
   * The canonical usage of an Anthropic usage object (a missing or non-object node counts as all
   * zeros): {@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens}, {@code
   * prompt_tokens_details.cached_tokens} (cache reads) and {@code .cache_write_tokens} (cache
   * creation), and {@code completion_tokens_details.reasoning_tokens} only when Anthropic reports
   * thinking tokens separately.
   */
  public static ObjectNode toCanonical(JsonNode usage) {
    JsonNode u = usage == null ? NODES.objectNode() : usage;
    long input = count(u, "input_tokens");
    long cacheRead = count(u, "cache_read_input_tokens");
    long cacheWrite = count(u, "cache_creation_input_tokens");
    long output = count(u, "output_tokens");
    long prompt = input + cacheRead + cacheWrite;
    ObjectNode out = NODES.objectNode();
    out.put("prompt_tokens", prompt);
    out.put("completion_tokens", output);
    out.put("total_tokens", prompt + output);
    ObjectNode details = out.putObject("prompt_tokens_details");
    details.put("cached_tokens", cacheRead);
    details.put("cache_write_tokens", cacheWrite);
    JsonNode outputDetails = u.path("output_tokens_details");
    JsonNode thinking =
        outputDetails.has("thinking_tokens")
            ? outputDetails.get("thinking_tokens")
            : outputDetails.get("reasoning_tokens");
    if (thinking != null && thinking.canConvertToLong()) {
      out.putObject("completion_tokens_details").put("reasoning_tokens", thinking.asLong());
    }
    return out;
  }

  /**
   * The usage of a whole stream: {@code message_start}'s usage (the input side) overlaid with the
   * last {@code message_delta}'s (cumulative; the newest API repeats the input fields there, and
   * when it does they win). Either may be null.
   */
  public static ObjectNode combine(JsonNode start, JsonNode delta) {
    ObjectNode merged = NODES.objectNode();
    if (start != null && start.isObject()) {
      merged.setAll((ObjectNode) start);
    }
    if (delta != null && delta.isObject()) {
      delta
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  merged.set(e.getKey(), e.getValue());
                }
              });
    }
    return merged;
  }

  private static long count(JsonNode usage, String field) {
    JsonNode n = usage.get(field);
    return n != null && n.canConvertToLong() ? Math.max(0, n.asLong()) : 0;
  }
}
