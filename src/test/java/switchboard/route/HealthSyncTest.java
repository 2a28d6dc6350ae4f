package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Two boards swapping health through an in-memory feed, on a fake clock. */
class HealthSyncTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicLong wall = new AtomicLong(1_700_000_000_000L);
  private final HealthSettings settings =
      new HealthSettings(3, 0.5, 20, Duration.ofSeconds(30), Duration.ofSeconds(10), 0.5);

  /** Every node's latest reports, by node. */
  private final Map<String, List<HealthFeed.Report>> published = new HashMap<>();

  private final HealthFeed feed =
      (node, mine, nowMs, maxAgeMs) -> {
        published.put(node, mine);
        List<HealthFeed.Report> others = new ArrayList<>();
        published.forEach(
            (n, r) -> {
              if (!n.equals(node)) {
                others.addAll(r);
              }
            });
        return Future.succeededFuture(others);
      };

  @Test
  void anOpenBreakerOnOneNodeIsHonouredOnTheOtherUntilItEnds() {
    HealthBoard a = new HealthBoard(settings, nanos::get, null);
    HealthBoard b = new HealthBoard(settings, nanos::get, null);
    HealthSync syncA = new HealthSync(a, feed, "a", wall::get);
    HealthSync syncB = new HealthSync(b, feed, "b", wall::get);
    Health onA = a.of("fake/x");
    for (int i = 0; i < 3; i++) {
      assertThat(onA.admit(nanos.get())).isTrue();
      onA.failed(nanos.get(), null);
    }
    assertThat(onA.state().mode()).isEqualTo(Health.Mode.OPEN);
    assertThat(b.of("fake/x").admit(nanos.get())).as("before any round").isTrue();
    b.of("fake/x").released(nanos.get());

    syncA.run();
    syncB.run();
    Health onB = b.of("fake/x");
    assertThat(onB.refusal(nanos.get())).startsWith("circuit open on another node");
    assertThat(onB.admit(nanos.get())).isFalse();
    assertThat(onB.state().mode()).as("B's own breaker untouched").isEqualTo(Health.Mode.CLOSED);
    assertThat(onB.waitNanos(nanos.get())).isPositive();

    // After the cooldown A's breaker is no longer open (its end passed): B admits again.
    nanos.addAndGet(Duration.ofSeconds(11).toNanos());
    wall.addAndGet(11_000);
    syncA.run();
    syncB.run();
    assertThat(onB.refusal(nanos.get())).isNull();
  }

  @Test
  void latencyIsTheMeanOfTheNodes_andAFailedRoundDropsThePeers() {
    HealthBoard a = new HealthBoard(settings, nanos::get, null);
    HealthBoard b = new HealthBoard(settings, nanos::get, null);
    a.of("fake/x").firstToken(300_000_000L); // 300 ms on A
    b.of("fake/x").firstToken(100_000_000L); // 100 ms on B
    new HealthSync(a, feed, "a", wall::get).run();
    new HealthSync(b, feed, "b", wall::get).run();
    assertThat(b.of("fake/x").clusterTtftMillis()).isEqualTo(200.0);
    assertThat(b.of("fake/x").ttftMillis()).as("its own EWMA unchanged").isEqualTo(100.0);

    HealthFeed down = (node, mine, nowMs, maxAgeMs) -> Future.failedFuture("redis down");
    assertThat(new HealthSync(b, down, "b", wall::get).run().succeeded()).isTrue();
    assertThat(b.of("fake/x").clusterTtftMillis()).isEqualTo(100.0);
  }
}
