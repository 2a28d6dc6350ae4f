package switchboard.http;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Request ids: the client's {@code x-request-id} when it is sane, else a new {@code req_…}. */
final class RequestIds {

  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RequestIds() {}

  static String from(String clientId) {
    if (clientId != null && SANE.matcher(clientId).matches()) {
      return clientId;
    }
    // Ids need to be unique, not secret: a thread-local generator keeps this off any lock.
    byte[] bytes = new byte[12];
    ThreadLocalRandom.current().nextBytes(bytes);
    char[] out = new char[4 + bytes.length * 2];
    "req_".getChars(0, 4, out, 0);
    for (int i = 0; i < bytes.length; i++) {
      out[4 + 2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[5 + 2 * i] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
