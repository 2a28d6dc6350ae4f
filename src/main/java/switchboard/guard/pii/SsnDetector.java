package switchboard.guard.pii;

import java.util.List;
import java.util.Set;

/**
 * US social security numbers: {@code 123-45-6789} or {@code 123 45 6789}, or nine bare digits right
 * after "SSN" or "social security". Numbers the SSA never issues are not SSNs: area 000, 666 and
 * 900-999, group 00, serial 0000, and the few famous ones printed in advertising.
 */
final class SsnDetector implements Detector {

  private static final Set<String> PUBLISHED = Set.of("078051120", "219099999", "123456789");

  @Override
  public void find(String text, List<PiiFinding> out) {
    for (NumberRun run : NumberRun.find(text)) {
      find(text, run, out);
    }
  }

  void find(String text, NumberRun run, List<PiiFinding> out) {
    if (run.digits().length() != 9 || !valid(run.digits())) {
      return;
    }
    String raw = run.raw();
    boolean formatted =
        raw.length() == 11
            && raw.charAt(3) == raw.charAt(6)
            && (raw.charAt(3) == '-' || raw.charAt(3) == ' ');
    boolean named =
        raw.length() == 9
            && Chars.containsAny(Chars.before(text, run.start(), 24), "ssn", "social security");
    if (formatted || named) {
      out.add(new PiiFinding(PiiType.US_SSN, run.start(), run.end(), raw));
    }
  }

  static boolean valid(String d) {
    int area = Integer.parseInt(d.substring(0, 3));
    return area != 0
        && area != 666
        && area < 900
        && !d.startsWith("00", 3)
        && !d.startsWith("0000", 5)
        && !PUBLISHED.contains(d);
  }
}
