package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AlertsTest {

  /** A ledger that keeps notifications in a list (alerts only store and read those). */
  static final class ListLedger implements Ledger {
    final List<Notification> saved = new CopyOnWriteArrayList<>();

    @Override
    public void append(LedgerEntry entry) {}

    @Override
    public Future<Double> spend(String scope, long fromMs) {
      return Future.succeededFuture(0.0);
    }

    @Override
    public Future<List<UsageRow>> usage(UsageQuery query) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Void> saveNotification(Notification n) {
      saved.add(n);
      return Future.succeededFuture();
    }

    @Override
    public Future<List<Notification>> notifications(int limit) {
      return Future.succeededFuture(List.copyOf(saved));
    }

    @Override
    public Future<List<Notification>> notificationsSince(long fromMs) {
      return Future.succeededFuture(List.copyOf(saved));
    }
  }

  static Hold hold(long periodStart) {
    return new Hold(
        "key:key_1",
        "app",
        new Budget(1.0, BudgetPeriod.MONTHLY, true, null),
        periodStart,
        periodStart + 1000,
        0);
  }

  @Test
  void eachThresholdFiresOncePerPeriod() {
    ListLedger ledger = new ListLedger();
    List<Notification> hooks = new ArrayList<>();
    Alerts alerts = new Alerts(ledger, hooks::add, Clock.systemUTC(), Budget.DEFAULT_ALERTS);
    alerts.check(hold(0), 400_000_000L); // 40 %: nothing
    assertThat(hooks).isEmpty();
    alerts.check(hold(0), 800_000_000L); // 80 %: 50 and 75 at once
    alerts.check(hold(0), 850_000_000L);
    alerts.check(hold(0), 2_000_000_000L); // 200 %: 90
    alerts.check(hold(0), 3_000_000_000L);
    assertThat(hooks).extracting(Notification::threshold).containsExactly(50, 75, 90);
    assertThat(ledger.saved).hasSize(3);
    alerts.check(hold(1000), 500_000_000L); // next period
    assertThat(hooks).extracting(Notification::threshold).containsExactly(50, 75, 90, 50);
    assertThat(alerts.fired("key:key_1", 0)).containsExactly(50, 75, 90);

    // After a restart the stored notifications keep them from firing again.
    List<Notification> again = new ArrayList<>();
    Alerts restarted = new Alerts(ledger, again::add, Clock.systemUTC(), Budget.DEFAULT_ALERTS);
    restarted.load(ledger.saved);
    restarted.check(hold(0), 3_000_000_000L);
    assertThat(again).isEmpty();
  }

  @Test
  void aSlotClaimedByAnotherNodeIsNotFiredHere_andAFailedClaimFires() {
    List<Notification> hooks = new ArrayList<>();
    List<Long> ttls = new ArrayList<>();
    Alerts lost =
        new Alerts(
            new ListLedger(),
            hooks::add,
            Clock.systemUTC(),
            List.of(50),
            (slot, ttl) -> {
              ttls.add(ttl);
              return Future.succeededFuture(false);
            });
    lost.check(hold(0), 600_000_000L);
    assertThat(hooks).isEmpty();
    assertThat(ttls).hasSize(1);
    assertThat(ttls.get(0)).as("kept past the period's end").isPositive();

    Alerts unreachable =
        new Alerts(
            new ListLedger(),
            hooks::add,
            Clock.systemUTC(),
            List.of(50),
            (slot, ttl) -> Future.failedFuture("redis down"));
    unreachable.check(hold(0), 600_000_000L);
    unreachable.check(hold(0), 700_000_000L);
    assertThat(hooks).as("fired once, by this node").hasSize(1);
  }

  @Test
  void racingSettlementsFireOnce() throws Exception {
    List<Notification> hooks = Collections.synchronizedList(new ArrayList<>());
    Alerts alerts = new Alerts(new ListLedger(), hooks::add, Clock.systemUTC(), List.of(50));
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Thread t = new Thread(() -> alerts.check(hold(0), 600_000_000L));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(hooks).hasSize(1);
  }

  @Test
  void signatureIsHmacSha256() {
    // RFC 4231 test case 2.
    assertThat(WebhookSender.sign("Jefe", "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
