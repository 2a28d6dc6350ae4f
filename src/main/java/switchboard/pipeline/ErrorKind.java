package switchboard.pipeline;

/** What the client is told went wrong. The status lives here; each dialect names the type. */
public enum ErrorKind {
  INVALID_REQUEST(400),
  UNAUTHORIZED(401),
  BUDGET_EXCEEDED(402),
  FORBIDDEN(403),
  NOT_FOUND(404),
  TOO_LARGE(413),
  RATE_LIMITED(429),
  GUARDRAIL_BLOCKED(400),
  UPSTREAM_FAILED(503),
  UPSTREAM_CLIENT_ERROR(400),
  INTERNAL(500);

  public final int status;

  ErrorKind(int status) {
    this.status = status;
  }
}
