package switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.logging.Level;
import java.util.logging.Logger;
import switchboard.pipeline.AnswerHook;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Reply;
import switchboard.route.Attempt;
import switchboard.route.OutputTally;
import switchboard.route.Served;
import switchboard.route.StreamEncoders;
import switchboard.route.Target;
import switchboard.usage.Accounting;
import switchboard.usage.Metered;
import switchboard.wire.StreamEncoder;
import switchboard.wire.anthropic.inbound.MessagesWriter;

/**
 * The one way out of a request, on every path: a provider's complete answer or stream, a stage's
 * answer or replayed stream, a failure before or after the commit point, the client leaving. It
 * writes the answer in the client's dialect (through the stages' {@link AnswerHook}s), then records
 * the request, which settles its reservation, exactly once ({@link #finish}), and tells the hooks
 * how it ended. It owns the response's close handler: Vert.x keeps only the last one set, so no one
 * else sets it.
 */
final class Exit {

  private static final Logger LOG = Logger.getLogger(Exit.class.getName());

  private final Exchange exchange;
  private final HttpServerResponse response;
  private final Accounting accounting;
  private boolean finished;

  /** The stream being written, when one is: the client leaving cancels it. */
  private SseWriter stream;

  Exit(Exchange exchange, HttpServerResponse response, Accounting accounting) {
    this.exchange = exchange;
    this.response = response;
    this.accounting = accounting;
    response.closeHandler(v -> clientGone());
  }

  /** Leaves with what the stages replied, or with their failure. */
  void leave(AsyncResult<Reply> result) {
    if (result.failed()) {
      fail(result.cause());
      return;
    }
    Reply reply = result.result();
    if (reply instanceof Served.Complete complete) {
      complete(complete);
    } else if (reply instanceof Served.Streaming streaming) {
      stream(streaming);
    } else if (reply instanceof Reply.Answer answer) {
      answer(answer);
    } else if (reply instanceof Reply.Replay replay) {
      replay(replay);
    } else {
      fail(new IllegalStateException("unknown reply " + reply.getClass().getName()));
    }
  }

  /** Answers with an error in the client's envelope (or records 499 when the client has left). */
  void fail(Throwable cause) {
    if (!Attempt.made(exchange).isEmpty() && !response.closed()) {
      response.putHeader("x-switchboard-attempts", Integer.toString(Attempt.made(exchange).size()));
    }
    if (!response.closed()) {
      exchange.answerHeaders().forEach(response::putHeader);
    }
    int status = response.closed() ? 499 : Replies.error(response, cause, exchange.inbound());
    String type = cause instanceof GatewayException g ? g.kind().name().toLowerCase() : "internal";
    if (!(cause instanceof GatewayException)) {
      LOG.log(Level.SEVERE, "request " + exchange.requestId + " failed", cause);
    }
    finish(null, status, type, null, null, 0, null);
  }

  private void complete(Served.Complete served) {
    Metered metered =
        accounting.meter(
            exchange,
            served.target(),
            served.servedModel(),
            served.usage(),
            () -> OutputTally.text(served.json() != null ? served.json() : canonical(served)));
    Buffer body = response.closed() ? null : body(served);
    // Record before the response ends, so that a drain finishing with it cannot drop the record.
    finish(
        served.target(),
        body == null ? 499 : 200,
        null,
        served.servedModel(),
        metered,
        0,
        served.origin());
    if (body != null) {
      servedHeaders(served.target(), metered.cost().header());
      Replies.json(response, 200, body);
    }
  }

  private void stream(Served.Streaming streaming) {
    stream = new SseWriter(exchange, response, streaming, accounting, this);
    if (exchange.cancelled() || response.closed()) {
      stream.clientGone();
      return;
    }
    stream.start();
  }

  private void answer(Reply.Answer answer) {
    if (response.closed()) {
      finish(null, 499, "client_closed_request", null, null, 0, answer.origin());
      return;
    }
    Buffer body = inDialect(hooked(answer.body()));
    finish(null, 200, null, null, null, 0, answer.origin());
    stageHeaders(answer.origin());
    Replies.json(response, 200, body);
  }

  private void replay(Reply.Replay replay) {
    if (response.closed()) {
      finish(null, 499, "client_closed_request", null, null, 0, replay.origin());
      return;
    }
    StreamEncoder encoder = StreamEncoders.of(exchange, false);
    SseWriter.streamHeaders(response);
    stageHeaders(replay.origin());
    for (ObjectNode chunk : replay.chunks()) {
      response.write(encoder.chunk(chunk));
    }
    finish(null, 200, null, null, null, 0, replay.origin());
    response.end(encoder.end());
  }

  /**
   * Records the request and settles its reservation, once; then tells the hooks how it ended.
   *
   * @param target who served, or null when no provider did
   * @param origin who answered (a provider or a stage), or null when nobody did
   */
  void finish(
      Target target,
      int status,
      String errorType,
      String servedModel,
      Metered metered,
      long ttftNanos,
      Reply.Origin origin) {
    if (finished) {
      return;
    }
    finished = true;
    if (target == null && origin != null) {
      accounting.recordAnswered(exchange, origin, status, errorType);
    } else {
      accounting.record(exchange, target, status, errorType, servedModel, metered, ttftNanos);
    }
    AnswerHook.Outcome outcome =
        new AnswerHook.Outcome(status, errorType, origin, metered == null ? null : metered.usage());
    for (AnswerHook hook : exchange.hooks()) {
      try {
        hook.finished(outcome);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "an answer hook failed on request " + exchange.requestId, e);
      }
    }
  }

  boolean finished() {
    return finished;
  }

  /** The client went away: cancel the upstream; a stream in flight is recorded as 499. */
  private void clientGone() {
    // The stream is recorded as left first: cancelling the upstream breaks the relay, which must
    // not be recorded as a broken stream (502).
    if (stream != null) {
      stream.clientGone();
    }
    exchange.cancel();
  }

  /** The {@code x-switchboard-*} headers of a provider's answer, then the stages' own. */
  void servedHeaders(Target target, String cost) {
    Replies.served(response, target, Attempt.made(exchange).size(), cost);
    exchange.answerHeaders().forEach(response::putHeader);
  }

  private void stageHeaders(Reply.Origin origin) {
    response.putHeader("x-switchboard-provider", origin.provider());
    response.putHeader("x-switchboard-model", origin.model());
    response.putHeader("x-switchboard-attempts", "0");
    exchange.answerHeaders().forEach(response::putHeader);
  }

  /** A provider's answer in the client's dialect: its own bytes when nothing needs changing. */
  private Buffer body(Served.Complete served) {
    if (exchange.hooked()) {
      return inDialect(hooked(canonical(served)));
    }
    if (exchange.inbound() == Dialect.RESPONSES) {
      return ResponsesEndpoint.answer(exchange, served, canonical(served));
    }
    if (served.dialect() == exchange.inbound()) {
      return served.bytes();
    }
    return Buffer.buffer(MessagesWriter.fromCanonical(canonical(served)).toString());
  }

  /** A canonical answer written in the client's dialect. */
  private Buffer inDialect(ObjectNode canonical) {
    return switch (exchange.inbound()) {
      case RESPONSES -> ResponsesEndpoint.translated(exchange, canonical);
      case ANTHROPIC -> Buffer.buffer(MessagesWriter.fromCanonical(canonical).toString());
      default -> Buffer.buffer(canonical.toString());
    };
  }

  private ObjectNode hooked(ObjectNode canonical) {
    ObjectNode answer = canonical;
    for (AnswerHook hook : exchange.hooks()) {
      answer = hook.answer(answer);
    }
    return answer;
  }

  private static ObjectNode canonical(Served.Complete served) {
    JsonNode canonical =
        served.json() != null ? served.json() : OutputTally.parse(served.bytes().getBytes());
    return (ObjectNode) canonical;
  }
}
