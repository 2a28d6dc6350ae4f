package switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import switchboard.access.Caller;
import switchboard.access.Governor;
import switchboard.access.KeyDefaults;
import switchboard.pipeline.Chain;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.GatewayOptions;
import switchboard.pipeline.Operation;
import switchboard.usage.Accounting;
import switchboard.wire.anthropic.inbound.MessagesReader;
import switchboard.wire.anthropic.inbound.MessagesRequest;
import switchboard.wire.openai.InboundRequest;
import switchboard.wire.openai.RequestReader;
import switchboard.wire.responses.ResponsesContext;
import switchboard.wire.responses.ResponsesReader;
import switchboard.wire.responses.ResponsesRequest;

/**
 * {@code POST /v1/chat/completions}, {@code POST /v1/embeddings}, {@code POST /v1/messages} and
 * {@code POST /v1/responses}: reads the request into an {@link Exchange} (validated, translated to
 * the canonical shape, the key's allow-list checked, its default options laid under the request's),
 * then runs the stages {@code Gateway} listed ({@link Chain}: admit, the guardrails, the response
 * cache, route) and leaves through the request's {@link Exit}, which writes the answer in the
 * client's dialect and records the request once. A request that cannot be read leaves through an
 * exit too.
 */
final class ProxyHandler implements Handler<RoutingContext> {

  private final Operation operation;
  private final Dialect inbound;
  private final Chain stages;
  private final Accounting accounting;
  private final Governor governor;

  /** The Responses API's additions, on {@code /v1/responses}; else null. */
  private final ResponsesEndpoint responses;

  ProxyHandler(
      Operation operation,
      Dialect inbound,
      Chain stages,
      Accounting accounting,
      Governor governor,
      ResponsesEndpoint responses) {
    this.responses = responses;
    this.operation = operation;
    this.inbound = inbound;
    this.stages = stages;
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
    ObjectNode body = null;
    try {
      body = body(ctx);
      exchange = read(ctx, body, requestId, received, keyId, caller);
    } catch (GatewayException e) {
      Exchange rejected = rejected(requestId, received, keyId, body);
      new Exit(rejected, response, accounting).fail(e);
      return;
    }
    Exit exit = new Exit(exchange, response, accounting);
    stages.apply(exchange).onComplete(exit::leave);
  }

  private static ObjectNode body(RoutingContext ctx) {
    requireJson(ctx);
    ObjectNode parsed = ctx.get(ResponsesEndpoint.BODY);
    return parsed != null ? parsed : RequestReader.object(ctx.body().buffer());
  }

  /** 400 when the request says its body is something other than JSON (no type is taken as JSON). */
  static void requireJson(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("content-type");
    if (contentType != null && !contentType.toLowerCase().contains("json")) {
      throw GatewayException.invalid(
          null, "Content-Type must be application/json, got '" + contentType + "'.");
    }
  }

  /** The request as an exchange, in the canonical shape; a 400 or 403 when it cannot be. */
  private Exchange read(
      RoutingContext ctx,
      ObjectNode body,
      String requestId,
      long received,
      String keyId,
      Caller caller) {
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
    printable("model", in.model());
    for (int i = 0; i < in.fallbacks().size(); i++) {
      printable("models[" + i + "]", in.fallbacks().get(i));
    }
    governor.checkModels(caller, in.model(), in.fallbacks());
    Exchange exchange =
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
    exchange.put(Caller.SLOT, caller);
    if (messages != null) {
      exchange.inbound(Dialect.ANTHROPIC, messages.nativeBody(), messages.untranslatable());
      String beta = ctx.request().getHeader("anthropic-beta");
      if (beta != null && !beta.isBlank()) {
        exchange.passthroughHeaders(java.util.Map.of("anthropic-beta", beta));
      }
    }
    if (asked != null) {
      exchange.inbound(Dialect.RESPONSES, asked.nativeBody(), asked.untranslatable());
      exchange.put(ResponsesContext.SLOT, responses.context(exchange, asked));
    }
    if (!caller.master()) {
      exchange.boundPolicies(caller.key().spec().boundPolicies());
    }
    return exchange;
  }

  /**
   * A model name with a control character (a JSON {@code \n} escape, say) names no model, and would
   * break the {@code x-switchboard-model} header the answer carries: refused up front.
   */
  private static void printable(String field, String model) {
    for (int i = 0; i < model.length(); i++) {
      char c = model.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw GatewayException.invalid(
            field, "'" + field + "' must not contain control characters (line breaks, tabs, NUL).");
      }
    }
  }

  /** An exchange for a request that could not be read: enough to record and answer it. */
  private Exchange rejected(String requestId, long received, String keyId, ObjectNode body) {
    JsonNode model = body == null ? null : body.get("model");
    Exchange rejected =
        new Exchange(
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
    rejected.inbound(inbound, null, null);
    return rejected;
  }
}
