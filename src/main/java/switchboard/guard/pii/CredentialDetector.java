package switchboard.guard.pii;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Credentials in the formats their issuers give them, each with a fixed prefix so that hashes,
 * UUIDs and other random-looking strings are never taken for one: OpenAI and Anthropic ({@code
 * sk-…}, the gateway's own {@code sk-sb-…} too), GitHub, GitLab, Slack, Stripe, AWS access key ids,
 * Google API keys, npm, Hugging Face, JWTs, PEM private key blocks, and the value of an assignment
 * to a name such as {@code password}, {@code api_key} or {@code client_secret} when it looks like a
 * secret (eight or more characters of at least two kinds, not a {@code $VARIABLE} or a {@code
 * <placeholder>}).
 */
final class CredentialDetector implements Detector {

  private static final Pattern TOKEN =
      Pattern.compile(
          "sk-(?:ant-|proj-|svcacct-|sb-)?[A-Za-z0-9_-]{20,}"
              + "|gh[pousr]_[A-Za-z0-9]{36,}"
              + "|github_pat_[A-Za-z0-9_]{22,}"
              + "|glpat-[A-Za-z0-9_-]{20,}"
              + "|xox[abposr]-[A-Za-z0-9-]{10,}"
              + "|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"
              + "|(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|AIPA)[A-Z0-9]{16}"
              + "|AIza[0-9A-Za-z_-]{35}"
              + "|npm_[A-Za-z0-9]{36}"
              + "|hf_[A-Za-z0-9]{30,}"
              + "|eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");

  private static final String[] SECRET_NAMES = {
    "password",
    "passwd",
    "pwd",
    "secret",
    "api_key",
    "apikey",
    "api-key",
    "token",
    "access_key",
    "private_key",
    "passwort",
    "mot_de_passe",
    "contrasena",
    "contraseña"
  };

  @Override
  public void find(String text, List<PiiFinding> out) {
    tokens(text, out);
    pemBlocks(text, out);
    assignments(text, out);
  }

  private static void tokens(String text, List<PiiFinding> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isTokenChar(text.charAt(i))) {
        i++;
        continue;
      }
      int j = i;
      while (j < n && (isTokenChar(text.charAt(j)) || text.charAt(j) == '.')) {
        j++;
      }
      int end = j;
      while (end > i && text.charAt(end - 1) == '.') {
        end--;
      }
      if (end - i >= 20) {
        var m = TOKEN.matcher(text).region(i, end);
        if (m.matches()) {
          out.add(new PiiFinding(PiiType.CREDENTIAL, i, end, text.substring(i, end)));
        }
      }
      i = j + 1;
    }
  }

  private static void pemBlocks(String text, List<PiiFinding> out) {
    int from = 0;
    int begin;
    while ((begin = text.indexOf("-----BEGIN ", from)) >= 0) {
      int head = text.indexOf("-----", begin + 11);
      if (head < 0) {
        return;
      }
      from = head + 5;
      if (!text.substring(begin, head).endsWith("PRIVATE KEY")) {
        continue;
      }
      int stop = text.indexOf("-----END ", from);
      int tail = stop < 0 ? -1 : text.indexOf("-----", stop + 9);
      int end = tail < 0 ? text.length() : tail + 5;
      out.add(new PiiFinding(PiiType.CREDENTIAL, begin, end, text.substring(begin, end)));
      from = end;
    }
  }

  private static void assignments(String text, List<PiiFinding> out) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if ((c != '=' && c != ':') || !namesSecret(text, i)) {
        continue;
      }
      int v = i + 1;
      while (v < n && (text.charAt(v) == ' ' || text.charAt(v) == '\t')) {
        v++;
      }
      if (v < n && (text.charAt(v) == '"' || text.charAt(v) == '\'')) {
        v++;
      }
      int e = v;
      while (e < n
          && !Character.isWhitespace(text.charAt(e))
          && "\"'`,;".indexOf(text.charAt(e)) < 0) {
        e++;
      }
      if (looksSecret(text, v, e)) {
        out.add(new PiiFinding(PiiType.CREDENTIAL, v, e, text.substring(v, e)));
        i = e;
      }
    }
  }

  /** Whether the identifier just before the {@code =} or {@code :} at {@code at} names a secret. */
  private static boolean namesSecret(String text, int at) {
    int e = at;
    while (e > 0
        && (text.charAt(e - 1) == ' ' || text.charAt(e - 1) == '"' || text.charAt(e - 1) == '\'')) {
      e--;
    }
    int s = e;
    while (s > 0
        && e - s < 32
        && (Character.isLetter(text.charAt(s - 1))
            || text.charAt(s - 1) == '_'
            || text.charAt(s - 1) == '-')) {
      s--;
    }
    if (s == e) {
      return false;
    }
    String name = text.substring(s, e).toLowerCase(Locale.ROOT);
    for (String secret : SECRET_NAMES) {
      if (name.endsWith(secret)) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksSecret(String text, int start, int end) {
    if (end - start < 8 || end - start > 200) {
      return false;
    }
    String value = text.substring(start, end);
    // Code, not a secret: a call, an index, a template, an environment variable, a dotted name.
    if ("%*".indexOf(value.charAt(0)) >= 0
        || Chars.containsAny(value, "(", "[", "{", "<", "$")
        || value.chars().allMatch(c -> Character.isLetter(c) || c == '.' || c == '_')) {
      return false;
    }
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    for (int k = start; k < end; k++) {
      char c = text.charAt(k);
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
      digit |= Chars.isDigit(c);
      other |= !Character.isLetterOrDigit(c);
    }
    int kinds = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    return kinds >= 2 && (digit || other);
  }

  private static boolean isTokenChar(char c) {
    return Chars.isAsciiLetter(c) || Chars.isDigit(c) || c == '_' || c == '-';
  }
}
