package switchboard.guard.pii;

import java.util.List;

/** What the scanner finds in a text, as {@code TYPE=value} strings for readable assertions. */
final class Found {

  private static final PiiScanner SCANNER = new PiiScanner();

  private Found() {}

  static List<String> in(String text) {
    return SCANNER.scan(text).stream().map(f -> f.type() + "=" + f.text()).toList();
  }

  /** Checks the scanner's offsets while at it: each finding's text is the text at its offsets. */
  static List<PiiFinding> checked(String text) {
    List<PiiFinding> found = SCANNER.scan(text);
    for (PiiFinding f : found) {
      if (!text.substring(f.start(), f.end()).equals(f.text())) {
        throw new AssertionError("offsets of " + f + " do not match its text");
      }
    }
    return found;
  }
}
