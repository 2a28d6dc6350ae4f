package switchboard.route;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Failure;
import switchboard.provider.UpstreamError;
import switchboard.upstream.UpstreamClient;
import switchboard.wire.StreamEncoder;

/**
 * One request's way through its plan, for the {@link Dispatcher} (whose design note says how): the
 * cursor over the targets, the calls in flight, the skips, retries and hedges. Event loop only.
 */
final class DispatchRun {

  private final Vertx vertx;
  private final UpstreamClient upstream;
  private final HealthBoard health;
  private final RandomGenerator random;
  private final LongSupplier nanos;
  private final Dispatcher dispatcher;
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
  private final boolean continueStreams;

  DispatchRun(
      Dispatcher dispatcher,
      Exchange exchange,
      List<Target> targets,
      Hedge hedge,
      boolean continueStreams,
      Promise<Served> result) {
    this.vertx = dispatcher.vertx;
    this.upstream = dispatcher.upstream;
    this.health = dispatcher.health;
    this.random = dispatcher.random;
    this.nanos = dispatcher.nanos;
    this.dispatcher = dispatcher;
    this.continueStreams = continueStreams;
    this.exchange = exchange;
    this.targets = targets;
    this.hedge = hedge;
    this.result = result;
  }

  /** Starts the next target that health admits; fails the request when none is left. */
  void advance() {
    if (exchange.cancelled()) {
      finish(null, Outcomes.clientGone());
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
      dispatcher.count(
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
    Call call =
        new Call(vertx, upstream, nanos, exchange, target, tryNumber, dispatcher.contextCaches);
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
      dispatcher.count("switchboard_hedges_total", "outcome=\"sent\"");
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
    if (r.succeeded() && !done) {
      served(call, r.result(), now);
      return;
    }
    UpstreamError error =
        r.succeeded()
            ? UpstreamError.of(Failure.CANCELLED, 0, "abandoned: another attempt answered first")
            : UpstreamFailure.errorOf(r.cause());
    if (r.succeeded() && r.result() instanceof Served.Streaming s) {
      s.relay().cancel();
    }
    failed(call, call.target.name(), error, now);
    if (done) {
      return;
    }
    if (!error.failure().tryNext() || exchange.cancelled()) {
      finish(null, exchange.cancelled() ? Outcomes.clientGone() : allFailed());
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
      dispatcher.count(
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
    dispatcher.count("switchboard_retries_total", "provider=\"" + t.provider().id() + "\"");
    vertx.setTimer(
        Math.max(1, (delay + 999_999) / 1_000_000),
        id -> {
          if (done) {
            return;
          }
          if (exchange.cancelled()) {
            finish(null, Outcomes.clientGone());
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

  private void served(Call call, Served served, long now) {
    Health h = succeeded(call, call.target.name(), now);
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
        List<Target> rest = List.copyOf(targets.subList(cursor, targets.size()));
        s.relay().continueWith((partial, id, client) -> continueOn(rest, partial, id, client));
      }
    } else if (served instanceof Served.Complete c) {
      h.perToken(now - call.startedNanos, c.usage() == null ? 0 : c.usage().output());
    }
    if (hedged != null) {
      dispatcher.count(
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
      UpstreamError abandoned =
          UpstreamError.of(Failure.CANCELLED, 0, "abandoned: another attempt answered first");
      other.abort(abandoned);
      failed(other, other.target.name(), abandoned, nanos.getAsLong());
    }
    active.clear();
    if (served != null) {
      result.tryComplete(served);
    } else {
      result.tryFail(failure);
    }
  }

  /**
   * Continues a broken stream on the first of {@code rest} that health admits: one attempt, kept in
   * the books like any other; completes with its relay at its commit point.
   */
  private Future<StreamRelay> continueOn(
      List<Target> rest, String partial, String streamId, StreamEncoder client) {
    for (Target target : rest) {
      Health h = health.of(target);
      long now = nanos.getAsLong();
      if (exchange.cancelled() || h.refusal(now) != null || !h.admit(now)) {
        continue;
      }
      Call call = dispatcher.continuations.call(exchange, target, partial, streamId, client);
      String name = target.name() + " (continuation)";
      return call.start()
          .transform(
              r -> {
                if (r.succeeded()) {
                  succeeded(call, name, nanos.getAsLong());
                  dispatcher.continuations.count("continued");
                  return Future.succeededFuture(((Served.Streaming) r.result()).relay());
                }
                failed(call, name, UpstreamFailure.errorOf(r.cause()), nanos.getAsLong());
                dispatcher.continuations.count("failed");
                return Future.failedFuture(r.cause());
              });
    }
    dispatcher.continuations.count("no_target");
    return Future.failedFuture("no target left to continue the stream");
  }

  /** Books a call that answered: its attempt, its target's health. Returns that health. */
  private Health succeeded(Call call, String name, long now) {
    Attempt.add(exchange, new Attempt(name, 200, null, (now - call.startedNanos) / 1_000_000));
    Health h = health.of(call.target);
    h.succeeded(now);
    return h;
  }

  /** Books a call that failed (or was abandoned): its attempt, its target's health. */
  private void failed(Call call, String name, UpstreamError error, long now) {
    Attempt.add(
        exchange, new Attempt(name, error.status(), error, (now - call.startedNanos) / 1_000_000));
    Health h = health.of(call.target);
    if (error.failure().penalisesTarget()) {
      h.failed(now, error.retryAfter());
      if (error.failure() == Failure.TIMEOUT && exchange.stream) {
        h.firstToken(now - call.startedNanos); // a lower bound: slow targets rank as slow
      }
    } else {
      h.released(now);
    }
  }

  private GatewayException allFailed() {
    GatewayException e = Outcomes.allFailed(Attempt.made(exchange), skipped);
    if (Attempt.made(exchange).isEmpty() && soonestRetryNanos != Long.MAX_VALUE) {
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
