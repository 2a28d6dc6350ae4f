package switchboard.upstream;

import java.time.Duration;

/**
 * Per-target upstream timeouts.
 *
 * @param connect to establish a connection
 * @param firstToken from sending to the first content of a stream (the answer head for others)
 * @param idle between two reads once data flows
 * @param total the whole attempt
 */
public record Timeouts(Duration connect, Duration firstToken, Duration idle, Duration total) {

  public static final Timeouts DEFAULT =
      new Timeouts(
          Duration.ofSeconds(5),
          Duration.ofSeconds(120),
          Duration.ofSeconds(120),
          Duration.ofMinutes(10));
}
