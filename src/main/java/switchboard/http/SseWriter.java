package switchboard.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import switchboard.pipeline.Exchange;
import switchboard.route.Served;
import switchboard.route.StreamEnd;
import switchboard.route.StreamSink;
import switchboard.usage.Accounting;
import switchboard.usage.Metered;

/**
 * Writes a committed stream to the client: the relayed frames (already in the client's dialect),
 * then the dialect's clean end when the stream completed, or its error event (and no clean end)
 * when it broke. The cost is known only at the end, so it travels as an HTTP trailer. How it ended
 * goes to the request's {@link Exit}, which records it once.
 */
final class SseWriter implements StreamSink {

  private final Exchange exchange;
  private final HttpServerResponse response;
  private final Served.Streaming served;
  private final Accounting accounting;
  private final Exit exit;

  SseWriter(
      Exchange exchange,
      HttpServerResponse response,
      Served.Streaming served,
      Accounting accounting,
      Exit exit) {
    this.exchange = exchange;
    this.response = response;
    this.served = served;
    this.accounting = accounting;
    this.exit = exit;
  }

  /** The headers of an event stream, on every stream the gateway writes. */
  static void streamHeaders(HttpServerResponse response) {
    response.setStatusCode(200);
    response.setChunked(true);
    response.putHeader("content-type", "text/event-stream; charset=utf-8");
    response.putHeader("cache-control", "no-cache");
    response.putHeader("x-accel-buffering", "no");
  }

  void start() {
    streamHeaders(response);
    response.putHeader("trailer", "x-switchboard-cost-usd");
    exit.servedHeaders(served.target(), null);
    served.relay().attach(this);
  }

  /** The client left (or had left before the stream was attached): cancel it, record 499. */
  void clientGone() {
    if (!exit.finished()) {
      StreamEnd sofar = served.relay().cancel();
      finish(499, "client_closed_request", sofar, metered(sofar));
    }
  }

  @Override
  public void frame(Buffer frame) {
    if (!response.closed()) {
      response.write(frame);
    }
  }

  @Override
  public boolean writeQueueFull() {
    return !response.closed() && response.writeQueueFull();
  }

  @Override
  public void drainHandler(Runnable onDrain) {
    response.drainHandler(v -> onDrain.run());
  }

  @Override
  public void end(StreamEnd end) {
    if (exit.finished()) {
      return;
    }
    Metered metered = metered(end);
    // Record before the response ends: once it has ended a drain may complete and close the
    // recorder, and the record would be dropped.
    finish(end.complete() ? 200 : 502, end.complete() ? null : "stream_broken", end, metered);
    if (!response.closed()) {
      if (end.complete()) {
        response.write(end.encoder().end());
      } else {
        response.write(
            end.encoder()
                .error(
                    "stream_broken",
                    "The upstream stream broke before it was complete: " + end.error().message()));
      }
      response.putTrailer("x-switchboard-cost-usd", metered.cost().header());
      response.end();
    }
  }

  /**
   * The provider's usage, or, for a stream cut short, the tokenizer's count of what was relayed.
   */
  private Metered metered(StreamEnd end) {
    return accounting.meter(
        exchange, served.target(), end.servedModel(), end.usage(), end.relayedText());
  }

  private void finish(int status, String errorType, StreamEnd end, Metered metered) {
    exit.finish(
        served.target(),
        status,
        errorType,
        end.servedModel(),
        metered,
        end.firstContentNanos(),
        served.origin());
  }
}
