package switchboard.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the caller's gateway key. For now the master key only (gateway keys with budgets come
 * with the governance issue); constant-time comparison.
 */
final class Authenticator {

  private final byte[] masterKey;

  Authenticator(String masterKey) {
    this.masterKey = masterKey.getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the key id ({@code master}) or null when the key is missing or unknown. */
  String authenticate(String authorization, String apiKeyHeader) {
    String presented = null;
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = authorization.substring(7).trim();
    } else if (apiKeyHeader != null) {
      presented = apiKeyHeader.trim();
    }
    if (presented == null || presented.isEmpty()) {
      return null;
    }
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), masterKey)
        ? "master" : null;
  }
}
