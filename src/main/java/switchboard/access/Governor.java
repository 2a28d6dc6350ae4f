package switchboard.access;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.route.Target;
import switchboard.usage.Charge;
import switchboard.usage.ChargeListener;
import switchboard.usage.PriceCatalog;
import switchboard.usage.TokenCounter;

/**
 * Spend and rate controls around each request: admission before any provider is called, and
 * settlement when {@code Accounting} records the request.
 *
 * <p>Design note. Admission reserves the request's worst-case cost ({@link WorstCase}) in the
 * budget bucket of the key and of its team for the current period, through {@link Counters}, whose
 * reserve is one atomic check-and-add: a hard budget refuses once committed spend plus what
 * requests in flight hold reaches the limit. So concurrent requests never all pass one stale check,
 * and the budget is passed by at most the last admitted request's reservation. Rate limits take
 * from one-minute windows. Settlement replaces each reservation by the real cost (0 when nothing
 * was served: a failure or a cancel before the answer releases it), corrects the token window,
 * writes the ledger entry and lets {@link Alerts} look at the new total. An admitted request is
 * remembered by its {@link Exchange} (identity), so settlement happens exactly once, whichever path
 * records the request. Time comes from the injected clock.
 */
public final class Governor implements ChargeListener {

  /** What admission decided: a refusal to answer with, and headers for the answer either way. */
  public record Decision(GatewayException refusal, Map<String, String> headers) {
    public boolean admitted() {
      return refusal == null;
    }
  }

  /** What an admitted request holds until it is settled. */
  private record Ticket(
      String keyId, String team, long admittedMs, List<Hold> holds, RateLimiter.Taken rate) {}

  private final Counters counters;
  private final Ledger ledger;
  private final WorstCase worstCase;
  private final RateLimiter rateLimiter;
  private final Alerts alerts;
  private final Clock clock;
  private final Map<String, Budget> teamBudgets;
  private final Map<Exchange, Ticket> open = new ConcurrentHashMap<>();

  /**
   * Builds the governor; {@code webhook} receives each fired budget alert (besides the log line and
   * the stored list).
   */
  public static Governor create(
      Counters counters,
      Ledger ledger,
      PriceCatalog catalog,
      TokenCounter tokens,
      double markupPercent,
      AccessSettings settings,
      Consumer<Notification> webhook,
      Clock clock) {
    return new Governor(
        counters,
        ledger,
        new WorstCase(catalog, tokens, markupPercent, settings.defaultMaxOutputTokens()),
        new Alerts(ledger, webhook, clock, settings.defaultAlerts(), counters::claim),
        clock,
        settings.teamBudgets());
  }

  Governor(
      Counters counters,
      Ledger ledger,
      WorstCase worstCase,
      Alerts alerts,
      Clock clock,
      Map<String, Budget> teamBudgets) {
    this.counters = counters;
    this.ledger = ledger;
    this.worstCase = worstCase;
    this.rateLimiter = new RateLimiter(counters);
    this.alerts = alerts;
    this.clock = clock;
    this.teamBudgets = Map.copyOf(teamBudgets);
  }

  /** Whether the caller may use {@code model} ({@code provider/model} or {@code policy/name}). */
  public boolean allows(Caller caller, String model) {
    return caller.master() || ModelAccess.allowed(caller.key().spec(), model);
  }

  /** 403 when the caller may not use one of the requested models (before planning). */
  public void checkModels(Caller caller, String model, List<String> fallbacks) {
    if (!caller.master()) {
      ModelAccess.check(caller.key(), model, fallbacks);
    }
  }

  /**
   * Admits a request or refuses it (402 budget, 429 rate limit). An admitted request must be
   * recorded through {@code Accounting}, which settles it.
   */
  public Future<Decision> admit(Caller caller, Exchange exchange, List<Target> plan) {
    long now = clock.millis();
    if (caller.master()) {
      open.put(exchange, new Ticket(caller.id(), null, now, List.of(), null));
      return Future.succeededFuture(new Decision(null, Map.of()));
    }
    GatewayKey key = caller.key();
    List<Hold> wanted = budgets(key, now);
    boolean estimate = !wanted.isEmpty() || key.spec().limits().tpm() > 0;
    WorstCase.Estimate est =
        estimate ? worstCase.of(exchange, plan) : new WorstCase.Estimate(0, 0, 0);
    List<Hold> held = new ArrayList<>();
    return reserve(wanted, est.nanos(), 0, held)
        .compose(
            refusal -> {
              if (refusal != null) {
                return rateLimiter.current(key, now).map(headers -> new Decision(refusal, headers));
              }
              long tokens = est.promptTokens() + WorstCase.requestedMax(exchange.body());
              return rateLimiter
                  .take(key, tokens, now)
                  .map(
                      rate -> {
                        if (rate.refusal() != null) {
                          release(held);
                          return new Decision(rate.refusal(), rate.headers());
                        }
                        open.put(
                            exchange,
                            new Ticket(key.id(), key.spec().owner(), now, List.copyOf(held), rate));
                        return new Decision(null, rate.headers());
                      });
            });
  }

  private List<Hold> budgets(GatewayKey key, long now) {
    List<Hold> out = new ArrayList<>();
    Instant at = Instant.ofEpochMilli(now);
    Budget own = key.spec().budget();
    if (own != null) {
      out.add(
          new Hold(
              "key:" + key.id(),
              key.spec().name(),
              own,
              own.period().start(at).toEpochMilli(),
              own.period().end(at).toEpochMilli(),
              0));
    }
    String team = key.spec().owner();
    Budget shared = team == null ? null : teamBudgets.get(team);
    if (shared != null) {
      out.add(
          new Hold(
              "team:" + team,
              team,
              shared,
              shared.period().start(at).toEpochMilli(),
              shared.period().end(at).toEpochMilli(),
              0));
    }
    return out;
  }

  /** Reserves in each bucket in turn; on a refusal, releases what it took and names the budget. */
  private Future<GatewayException> reserve(List<Hold> wanted, long amount, int i, List<Hold> held) {
    if (i == wanted.size()) {
      return Future.succeededFuture(null);
    }
    Hold hold = wanted.get(i);
    Hold taken =
        new Hold(
            hold.scope(),
            hold.name(),
            hold.budget(),
            hold.periodStartMs(),
            hold.periodEndMs(),
            amount);
    return counters
        .reserve(taken.bucket(), amount, hold.budget().limitNanos(), hold.budget().hard())
        .compose(
            ok -> {
              if (ok) {
                held.add(taken);
                return reserve(wanted, amount, i + 1, held);
              }
              release(held);
              return counters.balance(taken.bucket()).map(b -> exceeded(hold, b));
            });
  }

  private static GatewayException exceeded(Hold hold, Counters.Balance balance) {
    Budget b = hold.budget();
    String who =
        hold.scope().startsWith("team:")
            ? "team '" + hold.name() + "'"
            : "key '" + hold.name() + "'";
    String inFlight =
        balance.committed() < b.limitNanos()
            ? " (plus $"
                + NanoUsd.text(NanoUsd.usd(balance.reserved()))
                + " held by requests in flight)"
            : "";
    return new GatewayException(
        ErrorKind.BUDGET_EXCEEDED,
        402,
        "Budget exceeded for "
            + who
            + ": $"
            + NanoUsd.text(NanoUsd.usd(balance.committed()))
            + " spent"
            + inFlight
            + " of the $"
            + NanoUsd.text(b.limitUsd())
            + " "
            + b.period().label()
            + " limit. The budget resets at "
            + Instant.ofEpochMilli(hold.periodEndMs())
            + ".",
        null,
        "budget_exceeded",
        null);
  }

  private void release(List<Hold> held) {
    for (Hold h : held) {
      counters.settle(h.bucket(), h.amount(), 0);
    }
  }

  /** Settles an admitted request: real cost in, reservation out, ledger entry, alerts. */
  @Override
  public void charged(Exchange exchange, Charge charge) {
    Ticket ticket = open.remove(exchange);
    if (ticket == null) {
      return; // refused before admission: nothing held, nothing spent
    }
    long actual = charge.priced() ? NanoUsd.of(charge.metered().cost().total()) : 0;
    for (Hold hold : ticket.holds()) {
      counters
          .settle(hold.bucket(), hold.amount(), actual)
          .onSuccess(committed -> alerts.check(hold, committed));
    }
    if (ticket.rate() != null && charge.metered() != null) {
      rateLimiter.settle(
          ticket.rate(), charge.metered().usage().input() + charge.metered().usage().output());
    }
    if (charge.metered() != null) {
      ledger.append(
          new LedgerEntry(
              exchange.requestId,
              ticket.admittedMs(),
              ticket.keyId(),
              ticket.team(),
              charge.provider(),
              charge.model(),
              charge.metered().usage(),
              charge.metered().cost(),
              charge.metered().estimated()));
    }
  }

  /**
   * Start-up: loads the current period's spend of these keys and of their team budgets from the
   * ledger, and the alerts already fired, so a restart neither forgets spend nor repeats alerts.
   */
  public Future<Void> start(Collection<GatewayKey> keys) {
    // The longest period is a month: anything fired since the start of last month may matter.
    long since =
        BudgetPeriod.MONTHLY
            .start(clock.instant())
            .minus(java.time.Duration.ofDays(31))
            .toEpochMilli();
    return ledger
        .notificationsSince(since)
        .compose(
            stored -> {
              alerts.load(stored);
              return seed(keys);
            });
  }

  /** Loads the current period's spend of these keys and of the team budgets from the ledger. */
  public Future<Void> seed(Collection<GatewayKey> keys) {
    long now = clock.millis();
    List<Future<Void>> all = new ArrayList<>();
    for (GatewayKey key : keys) {
      for (Hold hold : budgets(key, now)) {
        all.add(seed(hold));
      }
    }
    return Future.all(all).mapEmpty();
  }

  private Future<Void> seed(Hold hold) {
    return ledger
        .spend(hold.scope(), hold.periodStartMs())
        .compose(usd -> counters.seed(hold.bucket(), NanoUsd.of(usd)));
  }

  /** A budget's state in the current period, for the admin API. */
  public Future<BudgetStatus> status(String scope, String name, Budget budget) {
    Instant now = clock.instant();
    long start = budget.period().start(now).toEpochMilli();
    return counters
        .balance(Hold.bucket(scope, start))
        .map(
            b ->
                new BudgetStatus(
                    scope,
                    name,
                    budget,
                    start,
                    budget.period().end(now).toEpochMilli(),
                    NanoUsd.usd(b.committed()),
                    NanoUsd.usd(b.reserved()),
                    alerts.fired(scope, start)));
  }

  /** The teams' budgets by tag (switchboard.yaml {@code teams.<tag>.budget}). */
  public Map<String, Budget> teamBudgets() {
    return teamBudgets;
  }

  public Budget teamBudget(String team) {
    return teamBudgets.get(team);
  }

  public Alerts alerts() {
    return alerts;
  }
}
