package switchboard.route;

/**
 * What a policy may look at in a request: the stickiness keys and whether it streams.
 *
 * @param user the body's {@code user}, or {@code switchboard.user_id}; null when absent
 * @param traceId {@code switchboard.trace_id}; null when absent
 * @param stream streams are ranked by time to first token, other requests by time per token
 */
public record RouteInput(String user, String traceId, boolean stream) {

  public static final RouteInput NONE = new RouteInput(null, null, false);
}
