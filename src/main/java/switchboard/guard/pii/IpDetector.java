package switchboard.guard.pii;

import java.util.List;

/**
 * IPv4 addresses (four decimal octets, no leading zeros) and IPv6 addresses (RFC 4291 text forms,
 * with {@code ::} and an embedded IPv4 tail). Version strings are not addresses: four dotted
 * numbers after "version", "v" or "release" are skipped, clock times and MAC addresses fail the
 * IPv6 grammar, and {@code ::} between short words (C++'s {@code A::B}) needs a group of three or
 * more hex digits.
 */
final class IpDetector implements Detector {

  @Override
  public void find(String text, List<PiiFinding> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (!isHex(c) && c != ':') {
        i++;
        continue;
      }
      int start = i;
      int j = i;
      boolean punctuated = false;
      while (j < n && (isHex(text.charAt(j)) || text.charAt(j) == ':' || text.charAt(j) == '.')) {
        punctuated |= !isHex(text.charAt(j));
        j++;
      }
      int end = j;
      while (end > start && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == ':')) {
        end--;
      }
      if (punctuated && end > start && !glued(text, start, end)) {
        String token = text.substring(start, end);
        if (ipv4(token) && !versionContext(text, start)) {
          out.add(new PiiFinding(PiiType.IP_ADDRESS, start, end, token));
        } else if (token.indexOf(':') >= 0 && ipv6(token)) {
          out.add(new PiiFinding(PiiType.IP_ADDRESS, start, end, token));
        } else {
          ipv4WithPort(text, start, token, out);
        }
      }
      i = j + 1;
    }
  }

  /** {@code 10.0.0.1:8080}: the address before the port. */
  private static void ipv4WithPort(String text, int start, String token, List<PiiFinding> out) {
    int colon = token.indexOf(':');
    if (colon > 0 && token.indexOf(':', colon + 1) < 0 && ipv4(token.substring(0, colon))) {
      if (!versionContext(text, start)) {
        out.add(
            new PiiFinding(PiiType.IP_ADDRESS, start, start + colon, token.substring(0, colon)));
      }
    }
  }

  private static boolean glued(String text, int start, int end) {
    return (Chars.alnumAt(text, start - 1) && text.charAt(start) != ':')
        || Chars.alnumAt(text, end)
        || (start > 0 && (text.charAt(start - 1) == '_' || text.charAt(start - 1) == '-'));
  }

  private static boolean isHex(char c) {
    return Chars.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean versionContext(String text, int start) {
    String before = Chars.before(text, start, 12);
    return before.endsWith("v")
        || Chars.containsAny(before, "version", "release", "build", "ver.", "ver ", "@");
  }

  static boolean ipv4(String s) {
    int parts = 0;
    int k = 0;
    while (k <= s.length()) {
      int dot = s.indexOf('.', k);
      String part = s.substring(k, dot < 0 ? s.length() : dot);
      if (!octet(part)) {
        return false;
      }
      parts++;
      if (dot < 0) {
        break;
      }
      k = dot + 1;
    }
    return parts == 4;
  }

  private static boolean octet(String p) {
    if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
      return false;
    }
    for (int k = 0; k < p.length(); k++) {
      if (!Chars.isDigit(p.charAt(k))) {
        return false;
      }
    }
    return Integer.parseInt(p) <= 255;
  }

  static boolean ipv6(String s) {
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return false;
    }
    String head = dbl >= 0 ? s.substring(0, dbl) : s;
    String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
    int[] counted = new int[2]; // groups, longest group
    if (!groups(head, counted, dbl < 0) || !groups(tail, counted, true)) {
      return false;
    }
    if (dbl < 0) {
      return counted[0] == 8;
    }
    return counted[0] < 8 && (s.equals("::1") || (counted[0] >= 1 && counted[1] >= 3));
  }

  /** Counts the colon-separated hex groups of {@code part}; an IPv4 tail counts as two. */
  private static boolean groups(String part, int[] counted, boolean mayEndInIpv4) {
    if (part.isEmpty()) {
      return true;
    }
    String[] gs = part.split(":", -1);
    for (int k = 0; k < gs.length; k++) {
      String g = gs[k];
      if (k == gs.length - 1 && mayEndInIpv4 && g.indexOf('.') >= 0) {
        if (!ipv4(g)) {
          return false;
        }
        counted[0] += 2;
        counted[1] = Math.max(counted[1], 4);
        continue;
      }
      if (g.isEmpty() || g.length() > 4) {
        return false;
      }
      for (int c = 0; c < g.length(); c++) {
        if (!isHex(g.charAt(c))) {
          return false;
        }
      }
      counted[0]++;
      counted[1] = Math.max(counted[1], g.length());
    }
    return true;
  }
}
