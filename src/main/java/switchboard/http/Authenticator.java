package switchboard.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import switchboard.access.Caller;
import switchboard.access.KeyRing;

/**
 * Checks the caller's key: the master key (constant-time comparison) or a gateway key from the
 * in-memory {@link KeyRing} (no I/O on this path). Unknown, revoked and expired keys are refused
 * with a message saying which.
 */
final class Authenticator {

  private final byte[] masterKey;
  private final KeyRing keys;
  private final Clock clock;

  Authenticator(String masterKey, KeyRing keys, Clock clock) {
    this.masterKey = masterKey.getBytes(StandardCharsets.UTF_8);
    this.keys = keys;
    this.clock = clock;
  }

  /** The caller, or a refusal to answer with 401. */
  KeyRing.Check authenticate(String authorization, String apiKeyHeader) {
    String presented = null;
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = authorization.substring(7).trim();
    } else if (apiKeyHeader != null) {
      presented = apiKeyHeader.trim();
    }
    if (presented == null || presented.isEmpty()) {
      return new KeyRing.Check.Refused(
          authorization == null && apiKeyHeader == null
              ? "Missing API key. Send it as 'Authorization: Bearer <key>'."
              : "Incorrect API key provided. Use a Switchboard gateway key or the master key.");
    }
    if (MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), masterKey)) {
      return new KeyRing.Check.Ok(Caller.MASTER);
    }
    return keys.check(presented, clock.millis());
  }
}
