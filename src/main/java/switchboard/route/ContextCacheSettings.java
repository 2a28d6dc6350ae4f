package switchboard.route;

import java.time.Duration;
import java.util.Map;

/**
 * How {@code auto_cache} keeps explicit context caches (Gemini's {@code cachedContents}), from the
 * environment.
 *
 * @param ttl the life a cache is created with ({@code SWITCHBOARD_CONTEXT_CACHE_TTL_SECONDS}, 1 h:
 *     Gemini's own default)
 * @param idle a cache no request named for this long is deleted ({@code
 *     SWITCHBOARD_CONTEXT_CACHE_IDLE_SECONDS}, 10 min, at most the TTL): storage is billed per hour
 * @param retryAfter how long a failed creation is remembered, requests going whole meanwhile
 * @param maxEntries caches kept at most across deployments ({@code
 *     SWITCHBOARD_CONTEXT_CACHE_MAX_ENTRIES}, 1,000); the least recently used is deleted past it
 */
public record ContextCacheSettings(
    Duration ttl, Duration idle, Duration retryAfter, int maxEntries) {

  public static final ContextCacheSettings DEFAULT =
      new ContextCacheSettings(
          Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(5), 1000);

  public static ContextCacheSettings fromEnv(Map<String, String> env) {
    long ttl =
        number(env, "SWITCHBOARD_CONTEXT_CACHE_TTL_SECONDS", DEFAULT.ttl.toSeconds(), 60, 604_800);
    long idle =
        number(env, "SWITCHBOARD_CONTEXT_CACHE_IDLE_SECONDS", DEFAULT.idle.toSeconds(), 1, 604_800);
    long max =
        number(env, "SWITCHBOARD_CONTEXT_CACHE_MAX_ENTRIES", DEFAULT.maxEntries, 1, 1_000_000);
    return new ContextCacheSettings(
        Duration.ofSeconds(ttl),
        Duration.ofSeconds(Math.min(idle, ttl)),
        DEFAULT.retryAfter,
        (int) max);
  }

  /** How often the registry sweeps: often enough for the idle limit, at most once a minute. */
  public Duration sweepEvery() {
    Duration half = idle.dividedBy(2);
    return half.compareTo(Duration.ofMinutes(1)) > 0
        ? Duration.ofMinutes(1)
        : half.isZero() ? Duration.ofSeconds(1) : half;
  }

  private static long number(
      Map<String, String> env, String name, long fallback, long least, long most) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed >= least && parsed <= most) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number from " + least + " to " + most + ": " + value);
  }
}
