package switchboard.guard.pii;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The placeholders of one conversation: the same value always becomes the same placeholder, and
 * each type is numbered in order of first appearance ({@code [EMAIL_1]}, {@code [EMAIL_2]}, …). A
 * client of a stateless API sends the whole conversation, with earlier answers already restored,
 * every turn; redacting its messages in order therefore gives each value the same placeholder on
 * every turn, with no state kept between requests. Confined to one request.
 */
public final class Placeholders {

  private final Map<String, String> byValue = new HashMap<>();
  private final Map<String, String> byPlaceholder = new HashMap<>();
  private final Map<PiiType, Integer> counts = new EnumMap<>(PiiType.class);
  private int longest;

  /** {@code text} with each finding replaced by its placeholder. */
  public String redact(String text, List<PiiFinding> findings) {
    return replace(text, findings, true);
  }

  /** {@code text} with each finding replaced by its type's name, irreversibly: {@code [EMAIL]}. */
  public static String mask(String text, List<PiiFinding> findings) {
    return replace(null, text, findings, false);
  }

  private String replace(String text, List<PiiFinding> findings, boolean numbered) {
    return replace(this, text, findings, numbered);
  }

  private static String replace(
      Placeholders p, String text, List<PiiFinding> findings, boolean numbered) {
    if (findings.isEmpty()) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    int at = 0;
    for (PiiFinding f : findings) {
      b.append(text, at, f.start());
      b.append(numbered ? p.placeholder(f) : "[" + f.type().label() + "]");
      at = f.end();
    }
    return b.append(text, at, text.length()).toString();
  }

  private String placeholder(PiiFinding f) {
    String key = f.type().name() + '\0' + f.text();
    String known = byValue.get(key);
    if (known != null) {
      return known;
    }
    int n = counts.merge(f.type(), 1, Integer::sum);
    String placeholder = "[" + f.type().label() + "_" + n + "]";
    byValue.put(key, placeholder);
    byPlaceholder.put(placeholder, f.text());
    longest = Math.max(longest, placeholder.length());
    return placeholder;
  }

  public boolean isEmpty() {
    return byPlaceholder.isEmpty();
  }

  /** How many distinct values were replaced. */
  public int size() {
    return byPlaceholder.size();
  }

  /** The value a placeholder stands for, or null. */
  String value(String placeholder) {
    return byPlaceholder.get(placeholder);
  }

  /** The length of the longest placeholder handed out: how much a stream may need to hold. */
  int longest() {
    return longest;
  }

  /** Whether {@code tail} is the start of some placeholder but not a whole one. */
  boolean isProperPrefix(CharSequence tail) {
    for (String p : byPlaceholder.keySet()) {
      if (p.length() > tail.length() && p.startsWith(tail.toString())) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} with every placeholder of this conversation replaced by its value. */
  public String restore(String text) {
    if (byPlaceholder.isEmpty() || text.indexOf('[') < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    int at = 0;
    int open;
    while ((open = text.indexOf('[', at)) >= 0) {
      int close = text.indexOf(']', open);
      if (close < 0) {
        break;
      }
      String value =
          close - open < longest ? byPlaceholder.get(text.substring(open, close + 1)) : null;
      if (value != null) {
        b.append(text, at, open).append(value);
        at = close + 1;
      } else {
        b.append(text, at, open + 1);
        at = open + 1;
      }
    }
    return b.append(text, at, text.length()).toString();
  }
}
