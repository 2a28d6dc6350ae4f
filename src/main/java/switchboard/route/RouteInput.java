package switchboard.route;

import switchboard.pipeline.Regions;

/**
 * What a policy may look at in a request: the stickiness keys and whether it streams.
 *
 * @param user the body's {@code user}, or {@code switchboard.user_id}; null when absent
 * @param traceId {@code switchboard.trace_id}; null when absent
 * @param stream streams are ranked by time to first token, other requests by time per token
 * @param cachePrefix with {@code auto_cache}, a hash of the prompt's stable prefix: requests that
 *     share it are kept on the deployment whose prompt cache holds it ({@link Affinity}); else null
 * @param regions where the request may be served (its own and its key's requirement); a policy's
 *     requirement is added by the {@link Planner}
 */
public record RouteInput(
    String user, String traceId, boolean stream, String cachePrefix, Regions regions) {

  public static final RouteInput NONE = new RouteInput(null, null, false);

  public RouteInput {
    regions = regions == null ? Regions.ANY : regions;
  }

  public RouteInput(String user, String traceId, boolean stream, String cachePrefix) {
    this(user, traceId, stream, cachePrefix, Regions.ANY);
  }

  public RouteInput(String user, String traceId, boolean stream) {
    this(user, traceId, stream, null);
  }
}
