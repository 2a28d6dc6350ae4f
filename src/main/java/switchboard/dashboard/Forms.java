package switchboard.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reading form fields into admin API values; a bad field is a {@link Invalid} naming it. */
final class Forms {

  /** A form field that cannot become an admin API value; its message is shown in the page. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private Forms() {}

  static String urlEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A comma- or newline-separated list, blanks dropped. */
  static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String part : value.split("[,\\n]")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  /** A non-negative decimal, or null when blank. */
  static Double decimal(String label, String value) {
    if (value == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(value);
      if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
        throw new Invalid(label + " must be 0 or more.");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new Invalid(label + " must be a number, e.g. 25 or 0.5.");
    }
  }

  /** A non-negative whole number, or null when blank. */
  static Long whole(String label, String value) {
    if (value == null) {
      return null;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new Invalid(label + " must be 0 or more.");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new Invalid(label + " must be a whole number.");
    }
  }
}
