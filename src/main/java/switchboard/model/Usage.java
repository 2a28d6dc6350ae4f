package switchboard.model;

/**
 * Token counts of one answer, normalised across providers.
 *
 * @param input all prompt tokens, cached ones included (OpenAI's {@code prompt_tokens})
 * @param cacheRead prompt tokens served from the provider's prompt cache (a subset of input)
 * @param cacheWrite prompt tokens written to the provider's prompt cache (a subset of input)
 * @param output all completion tokens, reasoning included (OpenAI's {@code completion_tokens})
 * @param reasoning reasoning tokens (a subset of output)
 */
public record Usage(long input, long cacheRead, long cacheWrite, long output, long reasoning) {

  public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

  /**
   * The provider cache's hit rate: cached prompt tokens over prompt tokens (SPEC §4 {@code
   * cache_hit_rate}), 0 when there was no prompt. Cache writes are misses: they were paid for.
   */
  public double cacheHitRate() {
    return input == 0 ? 0 : Math.min(1, (double) cacheRead / input);
  }

  public boolean isEmpty() {
    return input == 0 && output == 0;
  }
}
