package switchboard.provider.compatible;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Reads {@code retry-after-ms} and {@code retry-after} (seconds, fractional, or an HTTP date). */
public final class RetryAfter {

  private RetryAfter() {}

  /** Returns the delay asked for, or null when the headers ask for none. */
  public static Duration parse(MultiMap headers) {
    if (headers == null) {
      return null;
    }
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      try {
        return Duration.ofMillis((long) Double.parseDouble(ms.trim()));
      } catch (NumberFormatException ignored) {
        // fall back to retry-after
      }
    }
    String value = headers.get("retry-after");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration left = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return left.isNegative() ? Duration.ZERO : left;
      } catch (RuntimeException notDate) {
        return null;
      }
    }
  }
}
