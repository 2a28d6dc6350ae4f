package switchboard.route;

import java.util.ArrayList;
import java.util.List;
import switchboard.pipeline.Exchange;
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

  /** The attempts of one exchange, in the order they were made. */
  private static final Exchange.Slot<List<Attempt>> MADE = new Exchange.Slot<>("attempts");

  /** The attempts made for {@code exchange} so far (none before routing, or for a cache hit). */
  public static List<Attempt> made(Exchange exchange) {
    List<Attempt> made = exchange.get(MADE);
    return made == null ? List.of() : made;
  }

  public static void add(Exchange exchange, Attempt attempt) {
    List<Attempt> made = exchange.get(MADE);
    if (made == null) {
      made = new ArrayList<>(2);
      exchange.put(MADE, made);
    }
    made.add(attempt);
  }

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
