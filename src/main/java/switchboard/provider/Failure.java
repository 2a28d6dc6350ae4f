package switchboard.provider;

/**
 * What a failed upstream attempt means for the rest of the request. Decided once, by the provider's
 * classifier or the transport; read by the dispatcher.
 */
public enum Failure {
  /** Connection refused, reset or DNS failure: the target is down. */
  CONNECT,
  /** No answer, or no first token, or a stall between chunks, within the target's timeouts. */
  TIMEOUT,
  /** 429 from the provider: this target is busy now; another may not be. */
  RATE_LIMITED,
  /** 529 or an explicit overload: the provider sheds load. */
  OVERLOADED,
  /** 5xx: the provider failed. */
  SERVER_ERROR,
  /** The provider rejected the gateway's credentials (401/403): our fault, never the client's. */
  KEY_REJECTED,
  /** The provider account is out of credit or quota (402, insufficient_quota). */
  QUOTA_EXHAUSTED,
  /** The provider answered with something that is not its wire format. */
  BAD_RESPONSE,
  /** The prompt does not fit this model's context window; a larger model may take it. */
  CONTEXT_LENGTH,
  /** The request itself is invalid (400/404/422): no provider will accept it. */
  BAD_REQUEST,
  /** The provider refused the content. */
  CONTENT_FILTERED,
  /** The client went away: stop, penalise nobody. */
  CLIENT_GONE,
  /** The stream broke after content reached the client: reported in-band, never retried. */
  STREAM_BROKEN,
  /** The gateway abandoned this attempt because a hedged one answered first: penalise nobody. */
  CANCELLED;

  /** Whether the next target in the plan should be tried after this failure. */
  public boolean tryNext() {
    return switch (this) {
      case CONNECT,
          TIMEOUT,
          RATE_LIMITED,
          OVERLOADED,
          SERVER_ERROR,
          KEY_REJECTED,
          QUOTA_EXHAUSTED,
          BAD_RESPONSE,
          CONTEXT_LENGTH ->
          true;
      case BAD_REQUEST, CONTENT_FILTERED, CLIENT_GONE, STREAM_BROKEN, CANCELLED -> false;
    };
  }

  /** Whether this failure counts against the target's health. */
  public boolean penalisesTarget() {
    return switch (this) {
      case CONNECT,
          TIMEOUT,
          RATE_LIMITED,
          OVERLOADED,
          SERVER_ERROR,
          KEY_REJECTED,
          QUOTA_EXHAUSTED,
          BAD_RESPONSE,
          STREAM_BROKEN ->
          true;
      case CONTEXT_LENGTH, BAD_REQUEST, CONTENT_FILTERED, CLIENT_GONE, CANCELLED -> false;
    };
  }

  /** The name used in records and error messages, e.g. {@code rate_limited}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
