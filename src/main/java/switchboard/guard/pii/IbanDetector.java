package switchboard.guard.pii;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IBANs, written whole or in groups of four: a country with its registered IBAN length (the SWIFT
 * IBAN registry) and the ISO 7064 mod-97 check digits. A random string with a right-looking shape
 * passes the check once in 97 times and the length table rejects most of those first.
 */
final class IbanDetector implements Detector {

  private static final Map<String, Integer> LENGTHS = new HashMap<>();

  static {
    String table =
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18"
            + " DO28 EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22"
            + " IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22"
            + " MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24"
            + " SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20";
    for (String entry : table.split(" ")) {
      LENGTHS.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
    }
  }

  @Override
  public void find(String text, List<PiiFinding> out) {
    int n = text.length();
    for (int i = 0; i + 15 <= n; i++) {
      if (!Chars.isUpper(text.charAt(i))
          || !Chars.isUpper(text.charAt(i + 1))
          || !Chars.isDigit(text.charAt(i + 2))
          || !Chars.isDigit(text.charAt(i + 3))
          || Chars.alnumAt(text, i - 1)) {
        continue;
      }
      Integer length = LENGTHS.get(text.substring(i, i + 2));
      if (length == null) {
        continue;
      }
      int end = collect(text, i, length);
      if (end > 0) {
        out.add(new PiiFinding(PiiType.IBAN_CODE, i, end, text.substring(i, end)));
        i = end - 1;
      }
    }
  }

  /** Where the IBAN of {@code length} characters starting at {@code start} ends, or -1. */
  private static int collect(String text, int start, int length) {
    StringBuilder iban = new StringBuilder(length);
    int j = start;
    while (j < text.length() && iban.length() < length) {
      char c = text.charAt(j);
      if (Chars.isUpper(c) || Chars.isDigit(c)) {
        iban.append(c);
      } else if (c != ' ' || iban.length() % 4 != 0 || !Chars.alnumAt(text, j + 1)) {
        return -1;
      }
      j++;
    }
    if (iban.length() < length || Chars.alnumAt(text, j)) {
      return -1;
    }
    return mod97(iban) ? j : -1;
  }

  static boolean mod97(CharSequence iban) {
    int rest = 0;
    for (int k = 0; k < iban.length(); k++) {
      char c = iban.charAt((k + 4) % iban.length());
      int v = Chars.isDigit(c) ? c - '0' : c - 'A' + 10;
      rest = v > 9 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
    }
    return rest == 1;
  }
}
