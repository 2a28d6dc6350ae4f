package switchboard.route;

import switchboard.provider.UpstreamError;

/**
 * One try of one target, as recorded.
 *
 * @param target {@code provider/model}
 * @param status the upstream status (0 when none arrived)
 * @param error the classified failure, or null when this attempt served the request
 * @param millis how long the attempt took until it failed or committed
 */
public record Attempt(String target, int status, UpstreamError error, long millis) {

  public boolean failed() {
    return error != null;
  }

  /** e.g. {@code openai/gpt-4o: 503 server_error (The server had an error)}. */
  public String describe() {
    if (error == null) {
      return target + ": " + status + " ok";
    }
    return target
        + ": "
        + (status == 0 ? "" : status + " ")
        + error.failure().label()
        + (error.message() == null ? "" : " (" + error.message() + ")");
  }
}
