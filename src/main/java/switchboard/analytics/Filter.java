package switchboard.analytics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which requests a query covers: a half-open time range {@code [fromMs, toMs)} and at most one
 * value per dimension. Values match exactly, except {@code status}: a code ({@code 429}), a class
 * ({@code 4xx}), {@code error} (400 and up) or {@code ok} (below 400).
 */
public record Filter(long fromMs, long toMs, Map<Dimension, String> values) {

  public Filter {
    if (toMs < fromMs) {
      throw new IllegalArgumentException("'to' is before 'from'");
    }
    EnumMap<Dimension, String> copy = new EnumMap<>(Dimension.class);
    copy.putAll(values);
    values = Collections.unmodifiableMap(copy);
    String status = values.get(Dimension.STATUS);
    if (status != null && !validStatus(status)) {
      throw new IllegalArgumentException(
          "'status' must be a code (429), a class (4xx), 'error' or 'ok': " + status);
    }
  }

  public static Filter range(long fromMs, long toMs) {
    return new Filter(fromMs, toMs, Map.of());
  }

  public Filter with(Dimension dim, String value) {
    EnumMap<Dimension, String> copy = new EnumMap<>(Dimension.class);
    copy.putAll(values);
    copy.put(dim, value);
    return new Filter(fromMs, toMs, copy);
  }

  /** Whether a value of {@code dim} passes this filter (no value for it: every value does). */
  public boolean matches(Dimension dim, String value) {
    String wanted = values.get(dim);
    if (wanted == null) {
      return true;
    }
    return dim == Dimension.STATUS
        ? statusMatches(wanted, Integer.parseInt(value))
        : wanted.equals(value);
  }

  /** Whether one request passes (time and every dimension). */
  public boolean accepts(RequestFacts r) {
    if (r.timestampMillis() < fromMs || r.timestampMillis() >= toMs) {
      return false;
    }
    for (Map.Entry<Dimension, String> e : values.entrySet()) {
      if (e.getKey() == Dimension.TAG) {
        if (!r.tags().contains(e.getValue())) {
          return false;
        }
      } else if (!matches(e.getKey(), r.values(e.getKey()).get(0))) {
        return false;
      }
    }
    return true;
  }

  /** The inclusive range of status codes {@code wanted} stands for. */
  public static int[] statusRange(String wanted) {
    String w = wanted.strip().toLowerCase(java.util.Locale.ROOT);
    if (w.equals("error")) {
      return new int[] {400, 999};
    }
    if (w.equals("ok")) {
      return new int[] {0, 399};
    }
    if (w.matches("[1-5]xx")) {
      int base = (w.charAt(0) - '0') * 100;
      return new int[] {base, base + 99};
    }
    int code = Integer.parseInt(w);
    return new int[] {code, code};
  }

  static boolean statusMatches(String wanted, int status) {
    int[] range = statusRange(wanted);
    return status >= range[0] && status <= range[1];
  }

  private static boolean validStatus(String s) {
    String w = s.strip().toLowerCase(java.util.Locale.ROOT);
    return w.equals("error") || w.equals("ok") || w.matches("[1-5]xx") || w.matches("\\d{3}");
  }
}
