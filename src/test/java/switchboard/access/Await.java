package switchboard.access;

import java.util.function.BooleanSupplier;

/** Polls a condition of asynchronous work (webhooks, the ledger thread) with a deadline. */
final class Await {

  private Await() {}

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
