package switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;
import switchboard.access.Caller;
import switchboard.access.Governor;
import switchboard.access.KeyDefaults;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.GatewayOptions;
import switchboard.pipeline.Operation;
import switchboard.route.Dispatcher;
import switchboard.route.Plan;
import switchboard.route.Planner;
import switchboard.route.Served;
import switchboard.usage.Accounting;
import switchboard.usage.Metered;
import switchboard.usage.OutputTally;
import switchboard.wire.Dialect;
import switchboard.wire.anthropic.MessagesReader;
import switchboard.wire.anthropic.MessagesRequest;
import switchboard.wire.anthropic.MessagesWriter;
import switchboard.wire.openai.InboundRequest;
import switchboard.wire.openai.RequestReader;
import switchboard.wire.responses.ResponsesReader;
import switchboard.wire.responses.ResponsesRequest;

/**
 * {@code POST /v1/chat/completions}, {@code POST /v1/embeddings}, {@code POST /v1/messages} and
 * {@code POST /v1/responses}: validate, check the key's allow-list, plan, admit (budget
 * reservation, rate limits: {@link Governor}), dispatch, answer, record. Recording settles the
 * admission ({@code Accounting} tells the governor), on every path. The answer is written here, in
 * the client's dialect: an Anthropic request is routed in the canonical shape and its answer
 * written back in Anthropic's (or passed through untouched when an Anthropic model served it); a
 * Responses request likewise, its answer written and stored by {@link ResponsesEndpoint}.
 */
final class ProxyHandler implements Handler<RoutingContext> {

  private final Operation operation;
  private final Dialect inbound;
  private final Supplier<Planner> planner;
  private final Dispatcher dispatcher;
  private final Accounting accounting;
  private final Governor governor;

  /** The Responses API's additions, on {@code /v1/responses}; else null. */
  private final ResponsesEndpoint responses;

  ProxyHandler(
      Operation operation,
      Supplier<Planner> planner,
      Dispatcher dispatcher,
      Accounting accounting,
      Governor governor) {
    this(operation, Dialect.OPENAI, planner, dispatcher, accounting, governor);
  }

  ProxyHandler(
      Operation operation,
      Dialect inbound,
      Supplier<Planner> planner,
      Dispatcher dispatcher,
      Accounting accounting,
      Governor governor) {
    this(operation, inbound, planner, dispatcher, accounting, governor, null);
  }

  ProxyHandler(
      Operation operation,
      Dialect inbound,
      Supplier<Planner> planner,
      Dispatcher dispatcher,
      Accounting accounting,
      Governor governor,
      ResponsesEndpoint responses) {
    this.responses = responses;
    this.operation = operation;
    this.inbound = inbound;
    this.planner = planner;
    this.dispatcher = dispatcher;
    this.accounting = accounting;
    this.governor = governor;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long received = ctx.get(ApiServer.RECEIVED_NANOS);
    String requestId = ctx.get(ApiServer.REQUEST_ID);
    String keyId = ctx.get(ApiServer.KEY_ID);
    Caller caller = ctx.get(ApiServer.CALLER);
    HttpServerResponse response = ctx.response();
    Exchange exchange;
    Plan plan;
    ObjectNode body = null;
    try {
      String contentType = ctx.request().getHeader("content-type");
      if (contentType != null && !contentType.toLowerCase().contains("json")) {
        throw GatewayException.invalid(
            null, "Content-Type must be application/json, got '" + contentType + "'.");
      }
      ObjectNode parsed = ctx.get(ResponsesEndpoint.BODY);
      body = parsed != null ? parsed : RequestReader.object(ctx.body().buffer());
      MessagesRequest messages = inbound == Dialect.ANTHROPIC ? MessagesReader.read(body) : null;
      ResponsesRequest asked = inbound == Dialect.RESPONSES ? ResponsesReader.read(body) : null;
      ArrayNode history = ctx.get(ResponsesEndpoint.HISTORY);
      if (asked != null && history != null) {
        asked = ResponsesReader.continued(asked, history);
      }
      InboundRequest in =
          messages != null
              ? messages.canonical()
              : asked != null
                  ? asked.canonical()
                  : operation == Operation.CHAT
                      ? RequestReader.chat(body)
                      : RequestReader.embeddings(body);
      governor.checkModels(caller, in.model(), in.fallbacks());
      exchange =
          new Exchange(
              requestId,
              received,
              System.currentTimeMillis(),
              operation,
              keyId,
              in.body(),
              in.model(),
              in.fallbacks(),
              in.stream(),
              in.includeUsage(),
              KeyDefaults.apply(caller, in.options()));
      if (messages != null) {
        exchange.inbound(Dialect.ANTHROPIC, messages.nativeBody(), messages.untranslatable());
        String beta = ctx.request().getHeader("anthropic-beta");
        if (beta != null && !beta.isBlank()) {
          exchange.passthroughHeaders(java.util.Map.of("anthropic-beta", beta));
        }
      }
      if (asked != null) {
        exchange.inbound(Dialect.RESPONSES, asked.nativeBody(), asked.untranslatable());
        exchange.responses(responses.context(exchange, asked));
      }
      if (!caller.master()) {
        exchange.boundPolicies(caller.key().spec().boundPolicies());
      }
      plan = planner.get().plan(exchange);
      exchange.notes.policy(plan.policy());
    } catch (GatewayException e) {
      Exchange rejected = rejected(requestId, received, keyId, body);
      int status = Replies.error(response, e, inbound);
      accounting.record(rejected, null, status, e.kind().name().toLowerCase(), null, null, null, 0);
      return;
    }
    response.closeHandler(v -> exchange.cancel());
    governor
        .admit(caller, exchange, plan.targets())
        .onComplete(
            decision -> {
              if (decision.failed()) {
                failed(exchange, response, decision.cause());
                return;
              }
              decision.result().headers().forEach(response::putHeader);
              if (!decision.result().admitted()) {
                failed(exchange, response, decision.result().refusal());
                return;
              }
              dispatch(exchange, plan, response);
            });
  }

  private void dispatch(Exchange exchange, Plan plan, HttpServerResponse response) {
    dispatcher
        .dispatch(exchange, plan)
        .onComplete(
            done -> {
              if (done.failed()) {
                failed(exchange, response, done.cause());
              } else if (done.result() instanceof Served.Complete complete) {
                complete(exchange, response, complete);
              } else {
                Served.Streaming streaming = (Served.Streaming) done.result();
                if (exchange.cancelled()) {
                  streaming.relay().cancel();
                  accounting.record(
                      exchange,
                      streaming.target(),
                      499,
                      "client_closed_request",
                      streaming.relay().servedModel(),
                      accounting.meter(
                          exchange,
                          streaming.target(),
                          streaming.relay().servedModel(),
                          streaming.relay().usage(),
                          () -> ""),
                      0);
                  return;
                }
                new SseWriter(exchange, response, streaming, accounting).start();
              }
            });
  }

  private void complete(Exchange exchange, HttpServerResponse response, Served.Complete served) {
    Metered metered =
        accounting.meter(
            exchange,
            served.target(),
            served.servedModel(),
            served.usage(),
            () ->
                OutputTally.text(
                    served.json() != null
                        ? served.json()
                        : OutputTally.parse(served.bytes().getBytes())));
    boolean closed = response.closed();
    // Record before the response ends, so that a drain finishing with it cannot drop the record.
    accounting.record(
        exchange, served.target(), closed ? 499 : 200, null, served.servedModel(), metered, 0);
    if (!closed) {
      Replies.served(
          response, served.target(), exchange.attempts().size(), metered.cost().header());
      Replies.json(response, 200, answer(exchange, served));
    }
  }

  /** The answer's bytes in the client's dialect. */
  private Buffer answer(Exchange exchange, Served.Complete served) {
    if (inbound == Dialect.RESPONSES) {
      return ResponsesEndpoint.answer(exchange, served, canonical(served));
    }
    if (served.dialect() == inbound) {
      return served.bytes();
    }
    return Buffer.buffer(MessagesWriter.fromCanonical(canonical(served)).toString());
  }

  private static ObjectNode canonical(Served.Complete served) {
    JsonNode canonical =
        served.json() != null ? served.json() : OutputTally.parse(served.bytes().getBytes());
    return (ObjectNode) canonical;
  }

  private void failed(Exchange exchange, HttpServerResponse response, Throwable cause) {
    if (!exchange.attempts().isEmpty() && !response.closed()) {
      response.putHeader("x-switchboard-attempts", Integer.toString(exchange.attempts().size()));
    }
    int status = response.closed() ? 499 : Replies.error(response, cause, inbound);
    String type = cause instanceof GatewayException g ? g.kind().name().toLowerCase() : "internal";
    if (!(cause instanceof GatewayException)) {
      java.util.logging.Logger.getLogger(ProxyHandler.class.getName())
          .log(java.util.logging.Level.SEVERE, "request " + exchange.requestId + " failed", cause);
    }
    accounting.record(exchange, null, status, type, null, null, null, 0);
  }

  private Exchange rejected(String requestId, long received, String keyId, ObjectNode body) {
    JsonNode model = body == null ? null : body.get("model");
    return new Exchange(
        requestId,
        received,
        System.currentTimeMillis(),
        operation,
        keyId,
        JsonNodeFactory.instance.objectNode(),
        model != null && model.isTextual() ? model.asText() : null,
        List.of(),
        body != null && body.path("stream").asBoolean(false),
        false,
        GatewayOptions.NONE);
  }
}
