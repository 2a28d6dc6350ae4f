package switchboard.access;

import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Budget alerts: when settled spend in a period first reaches a threshold of the limit, one
 * notification per scope, period and threshold, delivered three ways: a log line, the stored list
 * the admin API shows, and a signed webhook. Exactly once: the slot is claimed in a concurrent set
 * (settlements race on several event loops), and the set is loaded from the stored notifications at
 * start, so a restart does not repeat them. Spend that jumps past several thresholds at once fires
 * each of them.
 *
 * <p>Once across nodes too (issue 16): a node that claimed a slot in its own set then claims it in
 * the shared counters ({@link Counters#claim}, a {@code SET NX} in Redis), and only the node that
 * wins fires. When the shared claim cannot be made (Redis down) the node fires anyway: a duplicate
 * alert is better than none, and each node still fires a slot at most once.
 */
public final class Alerts {

  private static final Logger LOG = Logger.getLogger(Alerts.class.getName());

  private final Ledger ledger;
  private final Consumer<Notification> webhook;
  private final Clock clock;
  private final List<Integer> defaults;
  private final Set<String> fired = ConcurrentHashMap.newKeySet();
  private final SecureRandom random = new SecureRandom();
  private final BiFunction<String, Long, Future<Boolean>> claim;

  /** Alerts of one process: nothing to share the claims with. */
  Alerts(Ledger ledger, Consumer<Notification> webhook, Clock clock, List<Integer> defaults) {
    this(ledger, webhook, clock, defaults, (slot, ttl) -> Future.succeededFuture(true));
  }

  /**
   * @param claim the cluster-wide claim of a slot for a time ({@link Counters#claim})
   */
  Alerts(
      Ledger ledger,
      Consumer<Notification> webhook,
      Clock clock,
      List<Integer> defaults,
      BiFunction<String, Long, Future<Boolean>> claim) {
    this.claim = claim;
    this.defaults = List.copyOf(defaults);
    this.ledger = ledger;
    this.webhook = webhook;
    this.clock = clock;
  }

  /** Marks stored notifications as fired (start-up). */
  void load(Collection<Notification> stored) {
    stored.forEach(n -> fired.add(n.slot()));
  }

  /** Looks at a bucket's committed spend after a settlement; fires what it newly crossed. */
  void check(Hold hold, long committedNanos) {
    long limit = hold.budget().limitNanos();
    List<Integer> thresholds = hold.budget().alerts() != null ? hold.budget().alerts() : defaults;
    for (int threshold : thresholds) {
      if (committedNanos * 100 < limit * threshold) {
        break; // ascending: the rest are not reached either
      }
      Notification n =
          new Notification(
              "ntf_" + HexFormat.of().formatHex(bytes()),
              hold.scope(),
              hold.name(),
              hold.periodStartMs(),
              hold.periodEndMs(),
              threshold,
              NanoUsd.usd(committedNanos),
              hold.budget().limitUsd(),
              clock.millis());
      if (fired.add(n.slot())) {
        // Kept a day past the period's end: by then no settlement can land in the period.
        long ttlMs = Math.max(0, n.periodEndMs() - clock.millis()) + Duration.ofDays(1).toMillis();
        claim
            .apply(n.slot(), ttlMs)
            .onComplete(
                won -> {
                  if (won.failed() || won.result()) {
                    fire(n);
                  }
                });
      }
    }
  }

  private void fire(Notification n) {
    LOG.warning(
        "budget alert: "
            + (n.scope().startsWith("team:") ? "team" : "key")
            + " '"
            + n.name()
            + "' reached "
            + n.threshold()
            + "% of its $"
            + NanoUsd.text(n.limitUsd())
            + " budget ($"
            + NanoUsd.text(n.spentUsd())
            + " spent in the period that resets at "
            + Instant.ofEpochMilli(n.periodEndMs())
            + ")");
    ledger
        .saveNotification(n)
        .onFailure(
            e -> LOG.warning("storing budget alert " + n.id() + " failed: " + e.getMessage()));
    webhook.accept(n);
  }

  /** Thresholds fired for a scope in the period starting at {@code periodStartMs}. */
  List<Integer> fired(String scope, long periodStartMs) {
    List<Integer> out = new ArrayList<>();
    for (int t = 1; t <= 100; t++) {
      if (fired.contains(scope + "|" + periodStartMs + "|" + t)) {
        out.add(t);
      }
    }
    return out;
  }

  private byte[] bytes() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return b;
  }
}
