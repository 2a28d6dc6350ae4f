package switchboard.conversation;

import java.time.Duration;
import java.util.Map;

/** The retention of stored responses, from the environment. */
public final class ResponseRetention {

  private ResponseRetention() {}

  /**
   * How long stored responses are kept: {@code SWITCHBOARD_RESPONSES_RETENTION_DAYS} (default 30,
   * as OpenAI keeps them).
   */
  public static Duration fromEnv(Map<String, String> env) {
    String days = env.get("SWITCHBOARD_RESPONSES_RETENTION_DAYS");
    if (days == null || days.isBlank()) {
      return Duration.ofDays(30);
    }
    try {
      long value = Long.parseLong(days.strip());
      if (value >= 1) {
        return Duration.ofDays(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "SWITCHBOARD_RESPONSES_RETENTION_DAYS must be a whole number of days, at least 1: " + days);
  }
}
