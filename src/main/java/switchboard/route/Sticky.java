package switchboard.route;

/** What keeps a conversation on one member of a load balance. */
public enum Sticky {
  /** No stickiness: a weighted random draw per request. */
  NONE,
  /** The body's {@code user}, or {@code switchboard.user_id}. */
  USER,
  /** {@code switchboard.trace_id}. */
  TRACE;

  /** The key to hash for this request, or null (then the draw is random). */
  String key(RouteInput input) {
    return switch (this) {
      case NONE -> null;
      case USER -> input.user();
      case TRACE -> input.traceId();
    };
  }

  String label() {
    return switch (this) {
      case NONE -> "none";
      case USER -> "user";
      case TRACE -> "trace id";
    };
  }
}
