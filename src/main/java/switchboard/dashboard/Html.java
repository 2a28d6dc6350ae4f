package switchboard.dashboard;

import java.util.Locale;

/**
 * HTML escaping and the few number formats the pages share. Every value that did not come from this
 * package's own string literals goes through {@link #esc} before it reaches a page.
 */
final class Html {

  private Html() {}

  /** Text or attribute value, escaped for both contexts. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * JSON for a {@code <script type="application/json">} block: {@code <} is escaped so that no
   * value can close the element.
   */
  static String jsonBlock(String json) {
    return json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }

  static String usd(double value) {
    if (value == 0) {
      return "$0";
    }
    if (Math.abs(value) < 0.01) {
      return String.format(Locale.ROOT, "$%.4f", value);
    }
    return String.format(Locale.ROOT, "$%,.2f", value);
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  static String millis(double ms) {
    if (Double.isNaN(ms)) {
      return "–";
    }
    return ms >= 10_000
        ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
        : String.format(Locale.ROOT, "%,.0f ms", ms);
  }
}
