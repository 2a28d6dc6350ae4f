package switchboard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The {@code switchboard} (alias {@code requesty}) request extension, SPEC §3. Never forwarded.
 *
 * @param autoCache true, false, or null when absent
 * @param cache response-cache options as given, or null
 * @param tags analytics tags
 * @param userId analytics and stickiness dimension, or null
 * @param traceId analytics and stickiness dimension, or null
 * @param extra free-form metadata kept with the request record, or null
 * @param guardrails the guardrail modes asked for ({@code {"pii": …, "injection": …}}, checked by
 *     the reader), or null; they can only tighten the key's, policy's and global ones
 * @param regions where the request may be served: its own {@code regions} and its key's
 */
public record GatewayOptions(
    Boolean autoCache,
    JsonNode cache,
    List<String> tags,
    String userId,
    String traceId,
    JsonNode extra,
    JsonNode guardrails,
    Regions regions) {

  public static final GatewayOptions NONE =
      new GatewayOptions(null, null, List.of(), null, null, null, null, Regions.ANY);

  public GatewayOptions {
    regions = regions == null ? Regions.ANY : regions;
  }

  /** Options without guardrails or a region requirement. */
  public GatewayOptions(
      Boolean autoCache,
      JsonNode cache,
      List<String> tags,
      String userId,
      String traceId,
      JsonNode extra) {
    this(autoCache, cache, tags, userId, traceId, extra, null, Regions.ANY);
  }

  /**
   * These options over {@code defaults}: {@code auto_cache} and {@code cache} taken from the
   * defaults where these leave them out (the request's and key's choices win, SPEC §3).
   */
  public GatewayOptions over(GatewayOptions defaults) {
    if ((autoCache != null || defaults.autoCache() == null)
        && (cache != null || defaults.cache() == null)) {
      return this;
    }
    return new GatewayOptions(
        autoCache != null ? autoCache : defaults.autoCache(),
        cache != null ? cache : defaults.cache(),
        tags,
        userId,
        traceId,
        extra,
        guardrails,
        regions);
  }
}
