package switchboard.pipeline;

import java.time.Duration;

/**
 * The one exception a request fails with on purpose; anything else is a bug and maps to a 500
 * without details. The message is shown to the client, so it never holds secrets.
 */
public final class GatewayException extends RuntimeException {

  private final ErrorKind kind;
  private final int status;
  private final String param;
  private final String code;
  private final Duration retryAfter;

  public GatewayException(ErrorKind kind, String message) {
    this(kind, kind.status, message, null, null, null);
  }

  public GatewayException(
      ErrorKind kind, int status, String message, String param, String code, Duration retryAfter) {
    super(message, null, false, false);
    this.kind = kind;
    this.status = status;
    this.param = param;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public static GatewayException invalid(String param, String message) {
    return new GatewayException(ErrorKind.INVALID_REQUEST, 400, message, param, null, null);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The HTTP status; usually the kind's, but a relayed provider 4xx keeps its own. */
  public int status() {
    return status;
  }

  public String param() {
    return param;
  }

  public String code() {
    return code;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
