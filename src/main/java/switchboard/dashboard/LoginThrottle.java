package switchboard.dashboard;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing the master key: after {@link #FREE} failed logins from one address, each
 * further attempt must wait twice as long as the one before (2 s, 4 s, … up to 5 min); an attempt
 * made sooner is refused without the key being checked. A success clears the address; a quiet
 * quarter of an hour forgets it.
 */
final class LoginThrottle {

  static final int FREE = 3;
  private static final long MAX_WAIT_MS = 5 * 60_000;
  private static final long FORGET_MS = 15 * 60_000;

  private record Failures(int count, long lastMs, long nextAllowedMs) {}

  private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Milliseconds this address must still wait before its next attempt is checked; 0 when none. */
  long waitMs(String address) {
    Failures f = byAddress.get(address);
    long now = clock.millis();
    if (f == null || now - f.lastMs() > FORGET_MS) {
      return 0;
    }
    return Math.max(0, f.nextAllowedMs() - now);
  }

  void failed(String address) {
    long now = clock.millis();
    byAddress.compute(
        address,
        (a, f) -> {
          int count = f == null || now - f.lastMs() > FORGET_MS ? 1 : f.count() + 1;
          long wait =
              count < FREE ? 0 : Math.min(MAX_WAIT_MS, 1000L << Math.min(20, count - FREE + 1));
          return new Failures(count, now, now + wait);
        });
    if (byAddress.size() > 10_000) {
      byAddress.values().removeIf(f -> now - f.lastMs() > FORGET_MS);
    }
  }

  void succeeded(String address) {
    byAddress.remove(address);
  }
}
