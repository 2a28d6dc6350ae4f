package switchboard.guard.injection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Text hidden in base64 or hex inside a prompt: runs of 24 or more such characters (or {@code
 * \x69\x67…} escapes) that decode to printable text. Images, keys and hashes decode to bytes that
 * are not text and are dropped, so only encoded words are matched against the rules.
 */
final class Encoded {

  private static final int MIN_RUN = 24;

  private Encoded() {}

  static List<String> texts(String text) {
    List<String> found = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isBase64(text.charAt(i))) {
        i++;
        continue;
      }
      int j = i;
      boolean hexOnly = true;
      while (j < n && (isBase64(text.charAt(j)) || text.charAt(j) == '=')) {
        hexOnly &= isHex(text.charAt(j));
        j++;
      }
      if (j - i >= MIN_RUN) {
        String run = text.substring(i, j);
        String decoded = hexOnly && run.length() % 2 == 0 ? hex(run) : base64(run);
        if (decoded != null) {
          found.add(decoded);
        }
      }
      i = j + 1;
    }
    escapes(text, found);
    return found;
  }

  private static void escapes(String text, List<String> found) {
    int at = text.indexOf("\\x");
    while (at >= 0) {
      StringBuilder hex = new StringBuilder();
      int k = at;
      while (k + 3 < text.length()
          && text.startsWith("\\x", k)
          && isHex(text.charAt(k + 2))
          && isHex(text.charAt(k + 3))) {
        hex.append(text, k + 2, k + 4);
        k += 4;
      }
      if (hex.length() >= 16) {
        String decoded = hex(hex.toString());
        if (decoded != null) {
          found.add(decoded);
        }
      }
      at = text.indexOf("\\x", Math.max(k, at + 2));
    }
  }

  private static String base64(String run) {
    String s = run.replace('-', '+').replace('_', '/');
    int eq = s.indexOf('=');
    s = eq >= 0 ? s.substring(0, eq) : s;
    int pad = (4 - s.length() % 4) % 4;
    if (pad == 3) {
      return null;
    }
    try {
      return printable(Base64.getDecoder().decode(s + "=".repeat(pad)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String hex(String run) {
    try {
      return printable(HexFormat.of().parseHex(run));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The bytes as text when nearly all are printable ASCII or UTF-8 letters; else null. */
  private static String printable(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    int good = 0;
    for (byte b : bytes) {
      if ((b >= 0x20 && b < 0x7F) || b == '\n' || b == '\t' || b < 0) {
        good++;
      }
    }
    return good * 100 >= bytes.length * 95 ? new String(bytes, StandardCharsets.UTF_8) : null;
  }

  private static boolean isBase64(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '-'
        || c == '_';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
