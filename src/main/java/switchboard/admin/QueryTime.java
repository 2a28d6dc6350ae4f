package switchboard.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import switchboard.pipeline.GatewayException;

/** A time in a query parameter: epoch milliseconds, a date (its midnight UTC) or an instant. */
final class QueryTime {

  private QueryTime() {}

  /**
   * The parameter's value in epoch milliseconds, {@code fallback} when absent; a 400 naming the
   * parameter, with {@code rule} after its name, when it is none of the three forms.
   */
  static long millis(String value, String param, long fallback, String rule) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      if (value.matches("\\d+")) {
        return Long.parseLong(value);
      }
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw GatewayException.invalid(param, "'" + param + "' " + rule);
    }
  }
}
