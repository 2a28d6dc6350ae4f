package switchboard.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.GatewayOptions;

/**
 * Whether the response cache serves one request, and for how long an answer is kept (SPEC §3 {@code
 * switchboard.cache}): {@code true} (the default TTL), {@code {"ttl": seconds}}, {@code false} or
 * absent (off). The request's choice wins over its key's default, which {@code access/KeyDefaults}
 * lays under it; {@code auto_cache: false} turns every cache off, this one too.
 *
 * @param ttl how long a stored answer is served; null when the cache is off
 */
public record CacheChoice(Duration ttl) {

  /** The cache is not consulted. */
  public static final CacheChoice OFF = new CacheChoice(null);

  /** The longest TTL a request may ask for: a day. */
  public static final Duration MAX_TTL = Duration.ofDays(1);

  public boolean on() {
    return ttl != null;
  }

  /**
   * The choice for a request's options.
   *
   * @param defaultTtl the TTL of {@code cache: true}
   * @throws GatewayException 400 naming {@code switchboard.cache} for a value of another shape
   */
  public static CacheChoice of(GatewayOptions options, Duration defaultTtl) {
    JsonNode cache = options.cache();
    if (Boolean.FALSE.equals(options.autoCache()) || cache == null || cache.isNull()) {
      return OFF;
    }
    if (cache.isBoolean()) {
      return cache.asBoolean() ? new CacheChoice(defaultTtl) : OFF;
    }
    if (cache.isObject()) {
      JsonNode ttl = cache.get("ttl");
      if (ttl == null || ttl.isNull()) {
        return new CacheChoice(defaultTtl);
      }
      if (ttl.isIntegralNumber() && ttl.asLong() >= 1 && ttl.asLong() <= MAX_TTL.toSeconds()) {
        return new CacheChoice(Duration.ofSeconds(ttl.asLong()));
      }
      throw GatewayException.invalid(
          "switchboard.cache.ttl",
          "'switchboard.cache.ttl' must be a whole number of seconds from 1 to "
              + MAX_TTL.toSeconds()
              + ".");
    }
    throw GatewayException.invalid(
        "switchboard.cache",
        "'switchboard.cache' must be true, false or an object such as {\"ttl\": 300}.");
  }
}
