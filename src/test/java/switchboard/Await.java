package switchboard;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling: no bare sleeps in tests. */
public final class Await {

  private Await() {}

  /** Polls {@code probe} until it returns a non-null value, failing after {@code limit}. */
  public static <T> T until(Duration limit, String what, Supplier<T> probe) {
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

  /** Polls {@code condition} until it holds, failing after 10 s. */
  public static void until(String what, BooleanSupplier condition) {
    until(Duration.ofSeconds(10), what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }
}
