package switchboard.provider;

import java.time.Duration;

/**
 * An upstream failure, classified.
 *
 * @param failure what it means for routing
 * @param status the upstream HTTP status, or 0 when no response arrived
 * @param message the provider's own message (never containing the gateway's provider key)
 * @param type the provider's error type or null
 * @param code the provider's error code or null
 * @param param the provider's error param or null
 * @param retryAfter how long the provider asked us to wait, or null
 */
public record UpstreamError(
    Failure failure,
    int status,
    String message,
    String type,
    String code,
    String param,
    Duration retryAfter) {

  public static UpstreamError of(Failure failure, int status, String message) {
    return new UpstreamError(failure, status, message, null, null, null, null);
  }
}
