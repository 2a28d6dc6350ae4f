package switchboard.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import switchboard.access.Counters;

class MemoryCountersTest {

  private final MemoryCounters counters = new MemoryCounters();

  @Test
  void reserveSettleAndRelease() {
    assertThat(counters.reserve("b", 40, 100, true).result()).isTrue();
    assertThat(counters.reserve("b", 40, 100, true).result()).isTrue();
    assertThat(counters.balance("b").result()).isEqualTo(new Counters.Balance(0, 80));
    assertThat(counters.settle("b", 40, 30).result()).isEqualTo(30);
    assertThat(counters.settle("b", 40, 0).result()).isEqualTo(30); // released
    assertThat(counters.balance("b").result()).isEqualTo(new Counters.Balance(30, 0));
    assertThat(counters.settle("b", 0, 70).result()).isEqualTo(100);
    assertThat(counters.reserve("b", 1, 100, true).result()).as("spent").isFalse();
    assertThat(counters.reserve("b", 1, 100, false).result()).as("soft").isTrue();
  }

  @Test
  void seedDoesNotOverwriteALiveBucket() {
    counters.settle("b", 0, 5);
    counters.seed("b", 1000);
    counters.seed("c", 1000);
    assertThat(counters.balance("b").result().committed()).isEqualTo(5);
    assertThat(counters.balance("c").result().committed()).isEqualTo(1000);
  }

  @Test
  void concurrentReservationsOvershootByAtMostOne() throws Exception {
    long limit = 1000;
    long amount = 30;
    AtomicInteger admitted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                if (counters.reserve("race", amount, limit, true).result()) {
                  admitted.incrementAndGet();
                }
              });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    // 34 reservations of 30: the 34th starts at 990 < 1000 and ends at 1020.
    assertThat(admitted.get()).isEqualTo(34);
    assertThat(counters.balance("race").result().reserved()).isLessThanOrEqualTo(limit + amount);
  }

  @Test
  void windowsStartFromZeroAndAdjustOnlyTheCurrentOne() {
    assertThat(counters.take("w", 0, 1, 2).result()).isEqualTo(new Counters.Window(true, 1));
    assertThat(counters.take("w", 0, 1, 2).result()).isEqualTo(new Counters.Window(true, 2));
    assertThat(counters.take("w", 0, 1, 2).result()).isEqualTo(new Counters.Window(false, 2));
    counters.adjust("w", 0, -1);
    assertThat(counters.take("w", 0, 1, 2).result().taken()).isTrue();
    assertThat(counters.take("w", 60_000, 1, 2).result()).isEqualTo(new Counters.Window(true, 1));
    counters.adjust("w", 0, -5); // an old window: ignored
    assertThat(counters.take("w", 60_000, 1, 2).result()).isEqualTo(new Counters.Window(true, 2));
    assertThat(counters.take("big", 0, 50, 10).result().taken()).as("first in window").isTrue();
  }
}
