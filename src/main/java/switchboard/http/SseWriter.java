package switchboard.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import switchboard.pipeline.Exchange;
import switchboard.provider.UpstreamError;
import switchboard.route.Served;
import switchboard.route.StreamEnd;
import switchboard.route.StreamSink;
import switchboard.usage.Accounting;
import switchboard.usage.Metered;
import switchboard.usage.OutputTally;

/**
 * Writes a committed stream to the client in OpenAI's SSE framing: the relayed frames, then
 * {@code data: [DONE]} when the stream completed, or an error event (and no {@code [DONE]}) when
 * it broke. The cost is known only at the end, so it travels as an HTTP trailer.
 */
final class SseWriter implements StreamSink {

  private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

  private final Exchange exchange;
  private final HttpServerResponse response;
  private final Served.Streaming served;
  private final Accounting accounting;
  /** What was relayed, to count the output when the provider reports no usage. */
  private final OutputTally tally = new OutputTally();

  SseWriter(Exchange exchange, HttpServerResponse response, Served.Streaming served,
      Accounting accounting) {
    this.exchange = exchange;
    this.response = response;
    this.served = served;
    this.accounting = accounting;
  }

  void start() {
    response.setStatusCode(200);
    response.setChunked(true);
    response.putHeader("content-type", "text/event-stream; charset=utf-8");
    response.putHeader("cache-control", "no-cache");
    response.putHeader("x-accel-buffering", "no");
    response.putHeader("trailer", "x-switchboard-cost-usd");
    Replies.served(response, served.target(), exchange.attempts().size(), null);
    response.closeHandler(v -> {
      if (!finished) {
        served.relay().cancel();
        finish(499, "client_closed_request", metered());
      }
    });
    served.relay().attach(this);
  }

  private boolean finished;

  @Override
  public void frame(Buffer frame) {
    tally.add(frame);
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
    if (finished) {
      return;
    }
    Metered metered = metered();
    // Record before the response ends: once it has ended a drain may complete and close the
    // recorder, and the record would be dropped.
    finish(end.complete() ? 200 : 502, end.complete() ? null : "stream_broken", metered);
    if (!response.closed()) {
      if (end.complete()) {
        response.write(DONE);
      } else {
        response.write(errorEvent(end.error()));
      }
      response.putTrailer("x-switchboard-cost-usd", metered.cost().header());
      response.end();
    }
  }

  /** The provider's usage, or, for a stream cut short, the tokenizer's count of what was relayed. */
  private Metered metered() {
    return accounting.meter(exchange, served.target(), served.relay().servedModel(),
        served.relay().usage(), tally::text);
  }

  private void finish(int status, String errorType, Metered metered) {
    finished = true;
    accounting.record(exchange, served.target(), status, errorType, served.relay().servedModel(),
        metered, served.relay().firstContentNanos());
  }

  private static Buffer errorEvent(UpstreamError error) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode body = root.putObject("error");
    body.put("message", "The upstream stream broke before it was complete: " + error.message());
    body.put("type", "upstream_error");
    body.putNull("param");
    body.put("code", "stream_broken");
    return Buffer.buffer("data: " + root + "\n\n");
  }
}
