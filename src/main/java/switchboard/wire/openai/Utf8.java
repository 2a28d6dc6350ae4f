package switchboard.wire.openai;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates (the CESU-8
 * bytes {@code ED A0 80} and the like), nothing above U+10FFFF, no cut sequence. Jackson decodes
 * some of these silently into strings no encoder can write back, so a body is checked before it is
 * parsed.
 */
final class Utf8 {

  private Utf8() {}

  /** The offset of the first byte that starts no valid character, or -1 when all are valid. */
  static int firstInvalid(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      int b = bytes[i] & 0xff;
      if (b < 0x80) {
        i++;
        continue;
      }
      int length;
      int low = 0x80; // the second byte's range, narrowed where the first byte allows less
      int high = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        length = 2;
      } else if (b == 0xE0) {
        length = 3;
        low = 0xA0; // below is overlong
      } else if (b == 0xED) {
        length = 3;
        high = 0x9F; // above are the surrogates U+D800..U+DFFF
      } else if (b >= 0xE1 && b <= 0xEF) {
        length = 3;
      } else if (b == 0xF0) {
        length = 4;
        low = 0x90; // below is overlong
      } else if (b >= 0xF1 && b <= 0xF3) {
        length = 4;
      } else if (b == 0xF4) {
        length = 4;
        high = 0x8F; // above is past U+10FFFF
      } else {
        return i; // a continuation byte, C0/C1 (overlong) or F5..FF
      }
      if (i + length > n) {
        return i;
      }
      int second = bytes[i + 1] & 0xff;
      if (second < low || second > high) {
        return i;
      }
      for (int k = 2; k < length; k++) {
        int next = bytes[i + k] & 0xff;
        if (next < 0x80 || next > 0xBF) {
          return i;
        }
      }
      i += length;
    }
    return -1;
  }
}
