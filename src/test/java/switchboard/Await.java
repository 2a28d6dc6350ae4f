package switchboard;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded polling: no bare sleeps in tests. */
final class Await {

  private Await() {}

  /** Polls {@code probe} until it returns a non-null value, failing after {@code limit}. */
  static <T> T until(Duration limit, String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
