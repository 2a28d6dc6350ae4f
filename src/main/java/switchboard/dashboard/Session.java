package switchboard.dashboard;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One signed-in browser: its CSRF token, its expiry, and a one-shot message for the next page (a
 * new key's secret travels this way, so it is shown once and never put in a URL).
 */
final class Session {

  /** A message shown once on the next page; {@code secret} is a value to copy (a new key). */
  record Flash(boolean error, String message, String secret) {}

  final String id;
  final String csrf;
  final long createdMs;
  private final AtomicLong lastSeenMs;
  private final AtomicReference<Flash> flash = new AtomicReference<>();

  Session(String id, String csrf, long createdMs) {
    this.id = id;
    this.csrf = csrf;
    this.createdMs = createdMs;
    this.lastSeenMs = new AtomicLong(createdMs);
  }

  long lastSeenMs() {
    return lastSeenMs.get();
  }

  void touch(long nowMs) {
    lastSeenMs.accumulateAndGet(nowMs, Math::max);
  }

  void flash(Flash message) {
    flash.set(message);
  }

  /** The pending message, removed: a reload no longer shows it. */
  Flash takeFlash() {
    return flash.getAndSet(null);
  }
}
