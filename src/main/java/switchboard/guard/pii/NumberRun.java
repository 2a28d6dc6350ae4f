package switchboard.guard.pii;

import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of digits with the separators people write inside numbers (space, {@code - . / ( )} and
 * a leading {@code +}), standing alone: not glued to a letter or digit on either side, not part of
 * an identifier such as {@code ORD-1234567} or a UUID, not followed by a clock time. Cards, social
 * security and phone numbers are judged from these runs, so the text is walked once for all three.
 *
 * @param digits the run's digits only
 */
record NumberRun(int start, int end, String digits, String raw) {

  /** Runs shorter than this cannot be any number the detectors look for. */
  private static final int MIN_DIGITS = 7;

  static List<NumberRun> find(String text) {
    List<NumberRun> runs = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      boolean opens =
          Chars.isDigit(c)
              || ((c == '+' || c == '(') && i + 1 < n && Chars.isDigit(text.charAt(i + 1)));
      if (!opens) {
        i++;
        continue;
      }
      int start = i;
      boolean attached = Chars.alnumAt(text, start - 1) || glued(text, start);
      StringBuilder digits = new StringBuilder();
      int lastDigit = -1;
      int seps = 0;
      int j = start;
      while (j < n) {
        char d = text.charAt(j);
        if (Chars.isDigit(d)) {
          digits.append(d);
          lastDigit = j;
          seps = 0;
        } else if ((d == ' ' || d == '-' || d == '.' || d == '/' || d == '(' || d == ')')
            && ++seps <= 2) {
          // two separators in a row at most, e.g. ") " in "(415) 555"
        } else if (d == '+' && j == start) {
          seps = 0;
        } else {
          break;
        }
        j++;
      }
      int end = lastDigit + 1;
      if (end < n && text.charAt(end) == ')' && text.lastIndexOf('(', end) >= start) {
        end++;
      }
      attached |= Chars.alnumAt(text, lastDigit + 1) || clockAfter(text, lastDigit + 1);
      if (!attached && digits.length() >= MIN_DIGITS) {
        runs.add(new NumberRun(start, end, digits.toString(), text.substring(start, end)));
      }
      // Skip the rest of a glued token too, so "abc1234567" is not re-entered at its digits.
      i = Math.max(end, start + 1);
      while (attached && i < n && Chars.isAlnum(text.charAt(i))) {
        i++;
      }
    }
    return runs;
  }

  /** A run after {@code X-}, {@code X#}, {@code X_} or {@code X/} continues an identifier. */
  private static boolean glued(String text, int start) {
    if (start < 2) {
      return false;
    }
    char sep = text.charAt(start - 1);
    return (sep == '-' || sep == '#' || sep == '_' || sep == '/' || sep == '.' || sep == ':')
        && Chars.isAlnum(text.charAt(start - 2));
  }

  /** {@code 10:30} after a date is a timestamp, not a number. */
  private static boolean clockAfter(String text, int i) {
    return i + 1 < text.length() && text.charAt(i) == ':' && Chars.isDigit(text.charAt(i + 1));
  }

  /**
   * The groups of digits between separators as absolute {@code [start, end)} pairs, e.g. four pairs
   * for {@code 4111 1111 1111 1111}.
   */
  List<int[]> groups() {
    List<int[]> groups = new ArrayList<>();
    int g = -1;
    for (int k = 0; k < raw.length(); k++) {
      boolean digit = Chars.isDigit(raw.charAt(k));
      if (digit && g < 0) {
        g = k;
      } else if (!digit && g >= 0) {
        groups.add(new int[] {start + g, start + k});
        g = -1;
      }
    }
    if (g >= 0) {
      groups.add(new int[] {start + g, start + raw.length()});
    }
    return groups;
  }
}
