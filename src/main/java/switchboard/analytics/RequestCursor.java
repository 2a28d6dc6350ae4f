package switchboard.analytics;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of the request log ended: the last record's time and id (records are ordered by
 * time, then id, newest first). Opaque to clients: URL-safe base64.
 */
public record RequestCursor(long timestampMillis, String id) {

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((timestampMillis + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** Throws {@link IllegalArgumentException} when {@code text} is not a cursor of ours. */
  public static RequestCursor decode(String text) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      return new RequestCursor(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'cursor' is not a cursor this API returned", e);
    }
  }
}
