package switchboard.wire.openai;

import com.fasterxml.jackson.databind.JsonNode;
import switchboard.model.Usage;

/** Reads a canonical (OpenAI-shaped) usage object into normalised counts. */
public final class UsageReader {

  private UsageReader() {}

  /** The counts of {@code usage}; {@link Usage#NONE} when it is null or not an object. */
  public static Usage read(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    JsonNode promptDetails = usage.path("prompt_tokens_details");
    return new Usage(
        usage.path("prompt_tokens").asLong(0),
        promptDetails.path("cached_tokens").asLong(usage.path("prompt_cache_hit_tokens").asLong(0)),
        promptDetails.path("cache_write_tokens").asLong(0),
        usage.path("completion_tokens").asLong(0),
        usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
  }
}
