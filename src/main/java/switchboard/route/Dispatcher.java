package switchboard.route;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import switchboard.observe.Metrics;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Failure;
import switchboard.provider.UpstreamError;
import switchboard.upstream.UpstreamClient;
import switchboard.wire.Dialect;

/**
 * The only loop that retries, fails over or hedges.
 *
 * <p>Design note. For each target of the plan in order: ask its {@link Health} to admit the request
 * (an open circuit or a pending {@code retry-after} skips it without a network call), then run a
 * {@link Call} up to the commit point: a complete 2xx answer, or a stream's first content. A
 * failure before that point is classified once ({@link Failure}) and recorded as an {@link
 * Attempt}; a transient one is retried on the same target while its {@link Retry} allows
 * (exponential backoff with jitter, never sooner than {@code retry-after}); otherwise the next
 * target starts at once, in the same event-loop turn, so failover costs no waiting. A prompt too
 * long for a model goes only to targets with a larger context window ({@link ContextFit}). Hedging,
 * when the plan asks for it, starts the next target while the current one has produced nothing
 * after the hedge delay; the first to commit wins and the other is cut and recorded as {@code
 * cancelled}. Nothing has reached the client before the commit point, so every switch is invisible;
 * after it the dispatcher is done, and a later failure is the stream's to report in-band. All
 * attempts failed: one {@link GatewayException} naming each (and each skip).
 */
public final class Dispatcher {

  private final Vertx vertx;
  private final UpstreamClient upstream;
  private final HealthBoard health;
  private final RandomGenerator random;
  private final Metrics metrics;
  private final LongSupplier nanos;
  private final Continuations continuations;

  /**
   * @param metrics may be null (tests)
   */
  public Dispatcher(
      Vertx vertx,
      UpstreamClient upstream,
      HealthBoard health,
      RandomGenerator random,
      Metrics metrics) {
    this.vertx = vertx;
    this.upstream = upstream;
    this.health = health;
    this.random = random;
    this.metrics = metrics;
    this.nanos = health::now;
    this.continuations = new Continuations(vertx, upstream, health, nanos, metrics);
    if (metrics != null) {
      metrics.describe(
          "switchboard_failovers_total",
          "Moves to another target after a failure, by provider failed and failure class");
      metrics.describe("switchboard_retries_total", "Retries of the same target, by provider");
      metrics.describe(
          "switchboard_skipped_targets_total", "Targets skipped without a network call, by reason");
      metrics.describe("switchboard_hedges_total", "Hedged requests, by outcome");
    }
  }

  /** A dispatcher with default health settings and no metrics. */
  public Dispatcher(Vertx vertx, UpstreamClient upstream, LongSupplier nanos) {
    this(
        vertx,
        upstream,
        new HealthBoard(HealthSettings.DEFAULT, nanos, null),
        ThreadLocalRandom.current(),
        null);
  }

  public HealthBoard health() {
    return health;
  }

  /** Tries the plan's targets in order, without hedging; completes at the commit point. */
  public Future<Served> dispatch(Exchange exchange, List<Target> plan) {
    return dispatch(
        exchange, new Plan(plan.stream().map(t -> new Pick(t, "")).toList(), null, null));
  }

  /** Runs the plan; completes at the commit point, or fails with a {@link GatewayException}. */
  public Future<Served> dispatch(Exchange exchange, Plan plan) {
    Promise<Served> result = Promise.promise();
    boolean hedge = plan.hedge() != null && !exchange.body.path("store").asBoolean(false);
    Run run =
        new Run(exchange, new ArrayList<>(plan.targets()), hedge ? plan.hedge() : null, result);
    run.continueStreams = plan.continueStreams();
    run.advance();
    return result.future();
  }

  /** One request's way through its plan. Event loop only. */
  private final class Run {
    private final Exchange exchange;
    private final List<Target> targets;
    private final Hedge hedge;
    private final Promise<Served> result;
    private final List<Call> active = new ArrayList<>(2);
    private final List<String> skipped = new ArrayList<>();
    private long soonestRetryNanos = Long.MAX_VALUE;
    private int cursor;
    private boolean done;
    private Call hedged;
    private boolean continueStreams;

    Run(Exchange exchange, List<Target> targets, Hedge hedge, Promise<Served> result) {
      this.exchange = exchange;
      this.targets = targets;
      this.hedge = hedge;
      this.result = result;
    }

    /** Starts the next target that health admits; fails the request when none is left. */
    void advance() {
      if (exchange.cancelled()) {
        finish(null, clientGone());
        return;
      }
      Target next = nextAdmitted();
      if (next != null) {
        launch(next, 1);
      } else if (active.isEmpty()) {
        finish(null, allFailed());
      }
    }

    private Target nextAdmitted() {
      while (cursor < targets.size()) {
        Target t = targets.get(cursor++);
        Health h = health.of(t);
        long now = nanos.getAsLong();
        String refusal = h.refusal(now);
        if (refusal == null && h.admit(now)) {
          return t;
        }
        refusal = refusal != null ? refusal : h.refusal(now);
        skipped.add(t.name() + ": skipped (" + refusal + ")");
        soonestRetryNanos = Math.min(soonestRetryNanos, h.waitNanos(now));
        count(
            "switchboard_skipped_targets_total",
            "reason=\""
                + (refusal != null && refusal.startsWith("retry-after")
                    ? "retry_after"
                    : "circuit_open")
                + "\"");
      }
      return null;
    }

    private void launch(Target target, int tryNumber) {
      Call call = new Call(vertx, upstream, nanos, exchange, target, tryNumber);
      active.add(call);
      call.start()
          .onComplete(
              r -> {
                try {
                  settled(call, r);
                } catch (RuntimeException e) {
                  // A bug here must not leave the client waiting forever: fail the request, loudly.
                  java.util.logging.Logger.getLogger(Dispatcher.class.getName())
                      .log(
                          java.util.logging.Level.SEVERE,
                          "dispatcher failed on " + exchange.requestId,
                          e);
                  finish(
                      null,
                      new GatewayException(
                          ErrorKind.INTERNAL,
                          "The gateway failed to route the request. It has been logged with the request id."));
                }
              });
      if (hedge != null && active.size() == 1 && cursor < targets.size() && !call.settled()) {
        long delay = hedge.delayNanos(health.of(target));
        vertx.setTimer(Math.max(1, delay / 1_000_000), id -> hedgeAfter(call));
      }
    }

    private void hedgeAfter(Call slow) {
      if (done || slow.settled() || active.size() != 1 || exchange.cancelled()) {
        return;
      }
      Target next = nextAdmitted();
      if (next != null) {
        count("switchboard_hedges_total", "outcome=\"sent\"");
        launch(next, 1);
        hedged = active.get(active.size() - 1);
      }
    }

    private void settled(Call call, AsyncResult<Served> r) {
      active.remove(call);
      if (call.accounted) {
        return;
      }
      call.accounted = true;
      long now = nanos.getAsLong();
      long millis = (now - call.startedNanos) / 1_000_000;
      Health h = health.of(call.target);
      if (r.succeeded() && !done) {
        served(call, r.result(), h, now, millis);
        return;
      }
      UpstreamError error =
          r.succeeded()
              ? UpstreamError.of(Failure.CANCELLED, 0, "abandoned: another attempt answered first")
              : Call.errorOf(r.cause());
      if (r.succeeded() && r.result() instanceof Served.Streaming s) {
        s.relay().cancel();
      }
      exchange.addAttempt(new Attempt(call.target.name(), error.status(), error, millis));
      if (error.failure().penalisesTarget()) {
        h.failed(now, error.retryAfter());
        if (error.failure() == Failure.TIMEOUT && exchange.stream) {
          h.firstToken(now - call.startedNanos); // a lower bound: slow targets rank as slow
        }
      } else {
        h.released(now);
      }
      if (done) {
        return;
      }
      if (!error.failure().tryNext() || exchange.cancelled()) {
        finish(null, exchange.cancelled() ? clientGone() : allFailed());
        return;
      }
      if (error.failure() == Failure.CONTEXT_LENGTH) {
        // A copy: ContextFit may hand back the very view that is cleared next.
        List<Target> rest =
            new ArrayList<>(ContextFit.after(call.target, targets.subList(cursor, targets.size())));
        targets.subList(cursor, targets.size()).clear();
        targets.addAll(rest);
      }
      if (!active.isEmpty()) {
        return; // a hedged call is still running: it is the next attempt
      }
      if (retry(call, error)) {
        return;
      }
      if (cursor < targets.size()) {
        count(
            "switchboard_failovers_total",
            "provider=\""
                + call.target.provider().id()
                + "\",failure=\""
                + error.failure().label()
                + "\"");
      }
      advance();
    }

    private boolean retry(Call call, UpstreamError error) {
      Target t = call.target;
      if (call.tryNumber > t.retry().retries() || !Retry.transientFailure(error.failure())) {
        return false;
      }
      long delay = t.retry().delayNanos(call.tryNumber, error.retryAfter(), random);
      if (delay < 0) {
        return false;
      }
      count("switchboard_retries_total", "provider=\"" + t.provider().id() + "\"");
      vertx.setTimer(
          Math.max(1, (delay + 999_999) / 1_000_000),
          id -> {
            if (done) {
              return;
            }
            if (exchange.cancelled()) {
              finish(null, clientGone());
            } else if (health.of(t).admit(nanos.getAsLong())) {
              launch(t, call.tryNumber + 1);
            } else {
              skipped.add(
                  t.name() + ": retry skipped (" + health.of(t).refusal(nanos.getAsLong()) + ")");
              advance();
            }
          });
      return true;
    }

    private void served(Call call, Served served, Health h, long now, long millis) {
      exchange.addAttempt(new Attempt(call.target.name(), 200, null, millis));
      h.succeeded(now);
      if (served instanceof Served.Streaming s) {
        h.firstToken(s.relay().firstContentNanos() - call.startedNanos);
        s.relay()
            .onEnd(
                end -> {
                  if (!end.complete() && end.error().failure() != Failure.CLIENT_GONE) {
                    h.brokeAfterCommit(nanos.getAsLong());
                  }
                });
        if (continueStreams && exchange.inbound() == Dialect.OPENAI) {
          s.relay()
              .continueWith(continuations.after(exchange, targets.subList(cursor, targets.size())));
        }
      } else if (served instanceof Served.Complete c) {
        h.perToken(now - call.startedNanos, c.usage() == null ? 0 : c.usage().output());
      }
      if (hedged != null) {
        count(
            "switchboard_hedges_total",
            "outcome=\"" + (call == hedged ? "hedge_won" : "primary_won") + "\"");
      }
      finish(served, null);
    }

    /** Ends the request: the winner (or failure) goes out, any other call is cut and recorded. */
    private void finish(Served served, GatewayException failure) {
      done = true;
      for (Call other : List.copyOf(active)) {
        other.accounted = true;
        other.abort(
            UpstreamError.of(Failure.CANCELLED, 0, "abandoned: another attempt answered first"));
        long now = nanos.getAsLong();
        exchange.addAttempt(
            new Attempt(
                other.target.name(),
                0,
                UpstreamError.of(Failure.CANCELLED, 0, "abandoned: another attempt answered first"),
                (now - other.startedNanos) / 1_000_000));
        health.of(other.target).released(now);
      }
      active.clear();
      if (served != null) {
        result.tryComplete(served);
      } else {
        result.tryFail(failure);
      }
    }

    private GatewayException allFailed() {
      GatewayException e = Dispatcher.allFailed(exchange.attempts(), skipped);
      if (exchange.attempts().isEmpty() && soonestRetryNanos != Long.MAX_VALUE) {
        return new GatewayException(
            e.kind(),
            e.status(),
            e.getMessage(),
            null,
            "all_targets_unavailable",
            java.time.Duration.ofNanos(Math.max(0, soonestRetryNanos)));
      }
      return e;
    }
  }

  private static GatewayException clientGone() {
    return new GatewayException(
        ErrorKind.INVALID_REQUEST,
        499,
        "client closed request",
        null,
        "client_closed_request",
        null);
  }

  private void count(String name, String labels) {
    if (metrics != null) {
      metrics.increment(name, labels);
    }
  }

  /** Every attempt failed; see {@link #allFailed(List, List)}. */
  static GatewayException allFailed(List<Attempt> attempts) {
    return allFailed(attempts, List.of());
  }

  /**
   * Every attempt failed. When the last failure is the request's own fault (a client error no other
   * provider would accept), the client gets that provider's 4xx; otherwise 503 naming each attempt
   * and each target skipped.
   */
  static GatewayException allFailed(List<Attempt> attempts, List<String> skipped) {
    List<Attempt> real =
        attempts.stream()
            .filter(a -> a.error() == null || a.error().failure() != Failure.CANCELLED)
            .toList();
    if (!real.isEmpty()) {
      UpstreamError error = real.get(real.size() - 1).error();
      boolean clientFault =
          error != null
              && (error.failure() == Failure.BAD_REQUEST
                  || error.failure() == Failure.CONTENT_FILTERED
                  || error.failure() == Failure.CONTEXT_LENGTH);
      if (clientFault && error.status() >= 400 && error.status() < 500) {
        return new GatewayException(
            ErrorKind.UPSTREAM_CLIENT_ERROR,
            error.status(),
            error.message(),
            error.param(),
            error.code(),
            null);
      }
    }
    List<String> parts = new ArrayList<>();
    attempts.forEach(a -> parts.add(a.describe()));
    parts.addAll(skipped);
    if (parts.isEmpty()) {
      return new GatewayException(ErrorKind.UPSTREAM_FAILED, "no provider could be tried");
    }
    String head =
        attempts.isEmpty()
            ? "No target could be tried: "
            : attempts.size() == 1 && skipped.isEmpty()
                ? "The provider failed: "
                : "All " + attempts.size() + " attempts failed: ";
    return new GatewayException(
        ErrorKind.UPSTREAM_FAILED, 503, head + String.join("; ", parts), null, null, null);
  }
}
