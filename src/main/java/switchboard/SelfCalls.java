package switchboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeoutException;
import switchboard.access.Caller;
import switchboard.guard.JudgeModel;
import switchboard.pipeline.Chain;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.GatewayOptions;
import switchboard.pipeline.Operation;
import switchboard.pipeline.Reply;
import switchboard.route.OutputTally;
import switchboard.route.Served;
import switchboard.usage.Accounting;
import switchboard.usage.Metered;
import switchboard.wire.openai.InboundRequest;
import switchboard.wire.openai.RequestReader;

/**
 * The gateway calling itself: a Chat Completions request run in-process through admission and
 * routing (no socket, no guardrails, so a judge's call is never judged again, and no response
 * cache), with the master identity. Used by the injection judge.
 *
 * <p>Each call is a request of its own: id {@code <id>-judge}, tagged {@value #TAG} (analytics
 * tells it apart by the tag; {@code extra.judge_for} names the user's request), recorded and billed
 * like any master-key request: to the ledger under {@code master}, never to the user's key budget,
 * so a key's budget pays only for what its holder asked. What is asked is never logged.
 */
final class SelfCalls implements JudgeModel {

  /** The tag on every judge call's request record. */
  static final String TAG = "guardrail_judge";

  private final Chain stages;
  private final Accounting accounting;

  /** {@code stages}: admission and routing, without the guardrails. */
  SelfCalls(Chain stages, Accounting accounting) {
    this.stages = stages;
    this.accounting = accounting;
  }

  @Override
  public Future<String> ask(String requestId, ObjectNode body, long timeoutMs) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return Future.failedFuture(new IllegalStateException("a self call needs an event loop"));
    }
    InboundRequest in = RequestReader.chat(body);
    ObjectNode extra = JsonNodeFactory.instance.objectNode().put("judge_for", requestId);
    Exchange exchange =
        new Exchange(
            requestId + "-judge",
            System.nanoTime(),
            System.currentTimeMillis(),
            Operation.CHAT,
            Caller.MASTER.id(),
            in.body(),
            in.model(),
            in.fallbacks(),
            false,
            false,
            new GatewayOptions(null, null, List.of(TAG), null, null, extra));
    exchange.put(Caller.SLOT, Caller.MASTER);
    Promise<String> answer = Promise.promise();
    long timer =
        context
            .owner()
            .setTimer(
                timeoutMs,
                id -> {
                  if (answer.tryFail(
                      new TimeoutException("no verdict within " + timeoutMs + " ms"))) {
                    exchange.cancel();
                  }
                });
    stages
        .apply(exchange)
        .onComplete(
            result -> {
              context.owner().cancelTimer(timer);
              String text = finish(exchange, result, answer.future().isComplete());
              if (text != null) {
                answer.tryComplete(text);
              } else {
                answer.tryFail(
                    result.failed()
                        ? result.cause()
                        : new IllegalStateException("the judge gave no complete answer"));
              }
            });
    return answer.future();
  }

  /**
   * Records the call once and answers its text, or null when it failed.
   *
   * @param timedOut whether the caller stopped waiting (the call was cancelled)
   */
  private String finish(
      Exchange exchange, io.vertx.core.AsyncResult<Reply> result, boolean timedOut) {
    if (result.succeeded() && result.result() instanceof Served.Complete served) {
      JsonNode canonical =
          served.json() != null ? served.json() : OutputTally.parse(served.bytes().getBytes());
      Metered metered =
          accounting.meter(
              exchange,
              served.target(),
              served.servedModel(),
              served.usage(),
              () -> canonical == null ? "" : OutputTally.text(canonical));
      accounting.record(exchange, served.target(), 200, null, served.servedModel(), metered, 0);
      if (canonical == null) {
        return null;
      }
      JsonNode content = canonical.path("choices").path(0).path("message").path("content");
      return content.isTextual() ? content.asText() : null;
    }
    if (result.succeeded() && result.result() instanceof Served.Streaming streaming) {
      streaming.relay().cancel();
    }
    int status =
        timedOut
            ? 504
            : result.failed() && result.cause() instanceof GatewayException g ? g.status() : 502;
    String type =
        timedOut
            ? "judge_timeout"
            : result.failed() && result.cause() instanceof GatewayException g
                ? g.kind().name().toLowerCase(java.util.Locale.ROOT)
                : "internal";
    accounting.record(exchange, null, status, type, null, null, 0);
    return null;
  }
}
