package switchboard.dashboard;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions, in memory: an unguessable id in an HttpOnly cookie maps to a {@link Session}.
 * A session ends on logout, after {@code idle} without a request, or {@code maxAge} after login,
 * whichever comes first. They live on the node that issued them (a restart signs everyone out).
 */
final class Sessions {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration idle;
  private final Duration maxAge;

  Sessions(Clock clock, Duration idle, Duration maxAge) {
    this.clock = clock;
    this.idle = idle;
    this.maxAge = maxAge;
  }

  Session open() {
    sweep();
    Session s = new Session(token(), token(), clock.millis());
    byId.put(s.id, s);
    return s;
  }

  /** The live session of this id, touched; null when unknown or expired. */
  Session find(String id) {
    if (id == null) {
      return null;
    }
    Session s = byId.get(id);
    if (s == null) {
      return null;
    }
    long now = clock.millis();
    if (expired(s, now)) {
      byId.remove(id);
      return null;
    }
    s.touch(now);
    return s;
  }

  void close(String id) {
    if (id != null) {
      byId.remove(id);
    }
  }

  Duration maxAge() {
    return maxAge;
  }

  private boolean expired(Session s, long now) {
    return now - s.lastSeenMs() > idle.toMillis() || now - s.createdMs > maxAge.toMillis();
  }

  private void sweep() {
    long now = clock.millis();
    byId.values().removeIf(s -> expired(s, now));
  }

  /** 256 random bits, URL-safe. */
  static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
