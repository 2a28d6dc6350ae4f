package switchboard.route;

/**
 * What a policy may look at in a request: the stickiness keys and whether it streams.
 *
 * @param user the body's {@code user}, or {@code switchboard.user_id}; null when absent
 * @param traceId {@code switchboard.trace_id}; null when absent
 * @param stream streams are ranked by time to first token, other requests by time per token
 * @param cachePrefix with {@code auto_cache}, a hash of the prompt's stable prefix: requests that
 *     share it are kept on the deployment whose prompt cache holds it ({@link Affinity}); else null
 */
public record RouteInput(String user, String traceId, boolean stream, String cachePrefix) {

  public static final RouteInput NONE = new RouteInput(null, null, false);

  public RouteInput(String user, String traceId, boolean stream) {
    this(user, traceId, stream, null);
  }
}
