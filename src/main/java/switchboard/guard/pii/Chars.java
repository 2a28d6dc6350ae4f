package switchboard.guard.pii;

import java.util.Locale;

/** Character tests and context look-ups the detectors share. */
final class Chars {

  private Chars() {}

  static boolean isAlnum(char c) {
    return Character.isLetterOrDigit(c);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** Whether the character at {@code i} exists and is a letter or digit. */
  static boolean alnumAt(String s, int i) {
    return i >= 0 && i < s.length() && isAlnum(s.charAt(i));
  }

  /**
   * The up to {@code n} characters before {@code start}, lower-cased: where words like "order" or
   * "ISBN" say that the number after them is not personal data.
   */
  static String before(String s, int start, int n) {
    return s.substring(Math.max(0, start - n), start).toLowerCase(Locale.ROOT);
  }

  static boolean containsAny(String haystack, String... needles) {
    for (String n : needles) {
      if (haystack.contains(n)) {
        return true;
      }
    }
    return false;
  }

  /** Luhn's checksum over the digits of {@code digits} (only digits). */
  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
