package switchboard.route;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.LongSupplier;
import switchboard.observe.Metrics;
import switchboard.pipeline.Exchange;
import switchboard.provider.UpstreamError;
import switchboard.upstream.UpstreamClient;

/**
 * Starts continuations of broken streams ({@link ContinuationPrompt}) for the dispatcher: one
 * attempt, on the first target left in the plan that health admits, recorded as an attempt like any
 * other.
 */
final class ContinuationStarter {

  private final Vertx vertx;
  private final UpstreamClient upstream;
  private final HealthBoard health;
  private final LongSupplier nanos;
  private final Metrics metrics;

  ContinuationStarter(
      Vertx vertx,
      UpstreamClient upstream,
      HealthBoard health,
      LongSupplier nanos,
      Metrics metrics) {
    this.vertx = vertx;
    this.upstream = upstream;
    this.health = health;
    this.nanos = nanos;
    this.metrics = metrics;
    if (metrics != null) {
      metrics.describe(
          "switchboard_continuations_total",
          "Broken streams handed to another target to continue, by outcome");
    }
  }

  /** A continuer for {@code exchange}'s stream, trying the targets after the one serving it. */
  PendingContinuation after(Exchange exchange, List<Target> rest) {
    List<Target> remaining = List.copyOf(rest);
    return (partial, streamId, client) -> {
      for (Target target : remaining) {
        Health h = health.of(target);
        long now = nanos.getAsLong();
        if (exchange.cancelled() || h.refusal(now) != null || !h.admit(now)) {
          continue;
        }
        Call call =
            new Call(
                vertx,
                upstream,
                nanos,
                exchange,
                target,
                1,
                ContinuationPrompt.body(exchange.body(), partial),
                new SplicedStreamEncoder(client, partial, streamId),
                null);
        return call.start()
            .compose(
                served -> {
                  long at = nanos.getAsLong();
                  Attempt.add(
                      exchange,
                      new Attempt(
                          target.name() + " (continuation)",
                          200,
                          null,
                          (at - call.startedNanos) / 1_000_000));
                  h.succeeded(at);
                  count("continued");
                  return Future.succeededFuture(((Served.Streaming) served).relay());
                },
                failure -> {
                  long at = nanos.getAsLong();
                  UpstreamError error = UpstreamFailure.errorOf(failure);
                  Attempt.add(
                      exchange,
                      new Attempt(
                          target.name() + " (continuation)",
                          error.status(),
                          error,
                          (at - call.startedNanos) / 1_000_000));
                  if (error.failure().penalisesTarget()) {
                    h.failed(at, error.retryAfter());
                  } else {
                    h.released(at);
                  }
                  count("failed");
                  return Future.failedFuture(failure);
                });
      }
      count("no_target");
      return Future.failedFuture("no target left to continue the stream");
    };
  }

  private void count(String outcome) {
    if (metrics != null) {
      metrics.increment("switchboard_continuations_total", "outcome=\"" + outcome + "\"");
    }
  }
}
