package switchboard.guard.pii;

import java.util.List;

/**
 * Payment card numbers: 13 to 19 digits, written whole or in the groups the card shows (4-4-4-4,
 * Amex's 4-6-5), with a known issuer prefix and length, passing Luhn's checksum. Any run of groups
 * inside a longer number run is tried, so {@code 4111 1111 1111 1111 12/27} still finds the card.
 * One random 16-digit number in ten passes Luhn; the issuer table halves that again.
 */
final class CardDetector implements Detector {

  @Override
  public void find(String text, List<PiiFinding> out) {
    for (NumberRun run : NumberRun.find(text)) {
      find(text, run, out);
    }
  }

  void find(String text, NumberRun run, List<PiiFinding> out) {
    List<int[]> groups = run.groups();
    for (int first = 0; first < groups.size(); first++) {
      int digits = 0;
      for (int last = first; last < groups.size() && digits <= 19; last++) {
        digits += groups.get(last)[1] - groups.get(last)[0];
        if (digits >= 13 && digits <= 19) {
          int start = groups.get(first)[0];
          int end = groups.get(last)[1];
          String span = text.substring(start, end);
          if (isCard(span, groups.subList(first, last + 1))) {
            out.add(new PiiFinding(PiiType.CREDIT_CARD, start, end, span));
            return;
          }
        }
      }
    }
  }

  static boolean isCard(String span, List<int[]> groups) {
    StringBuilder b = new StringBuilder();
    char sep = 0;
    for (int k = 0; k < span.length(); k++) {
      char c = span.charAt(k);
      if (Chars.isDigit(c)) {
        b.append(c);
      } else if (c != ' ' && c != '-' || (sep != 0 && sep != c)) {
        return false;
      } else {
        sep = c;
      }
    }
    String digits = b.toString();
    return grouped(groups)
        && issuerLength(digits)
        && !digits.chars().allMatch(ch -> ch == digits.charAt(0))
        && Chars.luhn(digits);
  }

  private static boolean grouped(List<int[]> groups) {
    if (groups.size() == 1) {
      return true;
    }
    int[] lengths = groups.stream().mapToInt(g -> g[1] - g[0]).toArray();
    if (lengths.length == 3 && lengths[0] == 4 && lengths[1] == 6 && lengths[2] >= 4) {
      return true; // Amex 4-6-5, Diners 4-6-4
    }
    for (int k = 0; k < lengths.length - 1; k++) {
      if (lengths[k] != 4) {
        return false;
      }
    }
    return lengths[lengths.length - 1] <= 4;
  }

  /** The issuer identification ranges of the major networks and their card lengths. */
  static boolean issuerLength(String d) {
    int len = d.length();
    int two = Integer.parseInt(d.substring(0, 2));
    int three = Integer.parseInt(d.substring(0, 3));
    int four = Integer.parseInt(d.substring(0, 4));
    if (d.charAt(0) == '4') {
      return len == 13 || len == 16 || len == 19; // Visa
    }
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
      return len == 16; // Mastercard
    }
    if (two == 34 || two == 37) {
      return len == 15; // American Express
    }
    if (four == 6011 || two == 65 || (three >= 644 && three <= 649) || two == 62) {
      return len >= 16 && len <= 19; // Discover, UnionPay
    }
    if (four >= 3528 && four <= 3589) {
      return len >= 16 && len <= 19; // JCB
    }
    if ((three >= 300 && three <= 305) || two == 36 || two == 38 || two == 39) {
      return len >= 14 && len <= 19; // Diners Club
    }
    if (two == 50 || (two >= 56 && two <= 58)) {
      return len >= 16 && len <= 19; // Maestro
    }
    return false;
  }
}
