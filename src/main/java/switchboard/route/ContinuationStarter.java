package switchboard.route;

import io.vertx.core.Vertx;
import java.util.function.LongSupplier;
import switchboard.observe.Metrics;
import switchboard.pipeline.Exchange;
import switchboard.upstream.UpstreamClient;

/**
 * Builds the call that continues a broken stream ({@link ContinuationPrompt}) on another target,
 * and counts how continuations went. The {@link DispatchRun} picks the target and keeps the
 * attempt's books, as for any other call.
 */
final class ContinuationStarter {

  private final Vertx vertx;
  private final UpstreamClient upstream;
  private final LongSupplier nanos;
  private final Metrics metrics;

  ContinuationStarter(Vertx vertx, UpstreamClient upstream, LongSupplier nanos, Metrics metrics) {
    this.vertx = vertx;
    this.upstream = upstream;
    this.nanos = nanos;
    this.metrics = metrics;
    if (metrics != null) {
      metrics.describe(
          "switchboard_continuations_total",
          "Broken streams handed to another target to continue, by outcome");
    }
  }

  /**
   * The call that asks {@code target} for the rest of {@code exchange}'s answer.
   *
   * @param partial the text the client has received
   * @param streamId the id of the client's stream, kept on the continuation's chunks
   * @param client the encoder of the client's dialect
   */
  Call call(
      Exchange exchange,
      Target target,
      String partial,
      String streamId,
      switchboard.wire.StreamEncoder client) {
    return new Call(
        vertx,
        upstream,
        nanos,
        exchange,
        target,
        1,
        ContinuationPrompt.body(exchange.body(), partial),
        new SplicedStreamEncoder(client, partial, streamId),
        null);
  }

  /** Counts a continuation: {@code continued}, {@code failed} or {@code no_target}. */
  void count(String outcome) {
    if (metrics != null) {
      metrics.increment("switchboard_continuations_total", "outcome=\"" + outcome + "\"");
    }
  }
}
