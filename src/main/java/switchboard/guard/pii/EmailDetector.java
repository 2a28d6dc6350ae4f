package switchboard.guard.pii;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * E-mail addresses: found from each {@code @} outwards rather than by a regex run at every
 * position, which keeps a long prompt's scan to one {@code indexOf} loop. The domain needs a dot
 * and an alphabetic top-level label; image names such as {@code logo@2x.png} are not addresses.
 */
final class EmailDetector implements Detector {

  private static final Set<String> FILE_SUFFIXES =
      Set.of("png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "js", "css", "ts", "json");

  @Override
  public void find(String text, List<PiiFinding> out) {
    int at = text.indexOf('@');
    while (at >= 0) {
      int next = scan(text, at, out);
      at = text.indexOf('@', Math.max(next, at + 1));
    }
  }

  /** Tries the address around the {@code @} at {@code at}; returns where to search on. */
  private static int scan(String text, int at, List<PiiFinding> out) {
    int start = at;
    while (start > 0 && isLocal(text.charAt(start - 1))) {
      start--;
    }
    while (start < at && text.charAt(start) == '.') {
      start++;
    }
    if (start == at) {
      return at + 1;
    }
    int end = at + 1;
    while (end < text.length() && isDomain(text.charAt(end))) {
      if (text.charAt(end) == '.' && (text.charAt(end - 1) == '.' || end == at + 1)) {
        break;
      }
      end++;
    }
    while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
      end--;
    }
    int lastDot = text.lastIndexOf('.', end - 1);
    if (lastDot <= at || lastDot >= end - 2) {
      return end;
    }
    String tld = text.substring(lastDot + 1, end);
    for (int i = 0; i < tld.length(); i++) {
      if (!Chars.isAsciiLetter(tld.charAt(i))) {
        return end;
      }
    }
    if (FILE_SUFFIXES.contains(tld.toLowerCase(Locale.ROOT))) {
      return end;
    }
    out.add(new PiiFinding(PiiType.EMAIL_ADDRESS, start, end, text.substring(start, end)));
    return end;
  }

  private static boolean isLocal(char c) {
    return Chars.isAsciiLetter(c)
        || Chars.isDigit(c)
        || c == '.'
        || c == '_'
        || c == '%'
        || c == '+'
        || c == '-';
  }

  private static boolean isDomain(char c) {
    return Chars.isAsciiLetter(c) || Chars.isDigit(c) || c == '.' || c == '-';
  }
}
