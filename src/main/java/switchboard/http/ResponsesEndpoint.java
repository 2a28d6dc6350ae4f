package switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import switchboard.conversation.ResponseStore;
import switchboard.conversation.StoredResponse;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.route.Served;
import switchboard.wire.openai.RequestReader;
import switchboard.wire.responses.ResponseShell;
import switchboard.wire.responses.ResponsesContext;
import switchboard.wire.responses.ResponsesHistory;
import switchboard.wire.responses.ResponsesRequest;
import switchboard.wire.responses.ResponsesWriter;

/**
 * What {@code /v1/responses} adds to the shared request path ({@link ProxyHandler}): the stored
 * conversation a {@code previous_response_id} continues (loaded before the request is read), the
 * answer written as a Responses object, the finished response stored per tenant (the caller's key)
 * for the retention period, and {@code GET}/{@code DELETE /v1/responses/{id}}. All on the event
 * loop; the store does its I/O elsewhere.
 */
final class ResponsesEndpoint {

  /** The parsed body, when the continuation step read it first. */
  static final String BODY = "switchboard.responses.body";

  /** The conversation a {@code previous_response_id} continues, as input items. */
  static final String HISTORY = "switchboard.responses.history";

  private static final Logger LOG = Logger.getLogger(ResponsesEndpoint.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ResponseStore store;
  private final Duration retention;
  private final Clock clock;

  ResponsesEndpoint(ResponseStore store, Duration retention, Clock clock) {
    this.store = store;
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * Runs before the proxy: loads the response a {@code previous_response_id} names (the caller's
   * own, not expired), or answers 400 when there is none. A body that does not parse goes on as it
   * is, for the proxy to refuse.
   */
  Handler<RoutingContext> continuation() {
    return ctx -> {
      ObjectNode body;
      try {
        body = RequestReader.object(ctx.body().buffer());
      } catch (GatewayException e) {
        ctx.next();
        return;
      }
      ctx.put(BODY, body);
      JsonNode previous = body.get("previous_response_id");
      if (previous == null || !previous.isTextual() || previous.asText().isBlank()) {
        ctx.next(); // absent, or wrong: the reader names the field
        return;
      }
      String id = previous.asText();
      store
          .find(ctx.get(ApiServer.KEY_ID), id)
          .onComplete(
              found -> {
                if (found.failed()) {
                  LOG.log(Level.WARNING, "could not read stored response " + id, found.cause());
                  Replies.error(ctx.response(), found.cause(), Dialect.RESPONSES);
                } else if (found.result().isEmpty()) {
                  Replies.error(
                      ctx.response(),
                      new GatewayException(
                          ErrorKind.INVALID_REQUEST,
                          400,
                          "Previous response with id '"
                              + id
                              + "' not found. Responses are kept "
                              + retention.toDays()
                              + " days, for the key that created them, when 'store' is not false.",
                          "previous_response_id",
                          "previous_response_not_found",
                          null),
                      Dialect.RESPONSES);
                } else {
                  ctx.put(HISTORY, history(found.result().get()));
                  ctx.next();
                }
              });
    };
  }

  private static ArrayNode history(StoredResponse stored) {
    try {
      return ResponsesHistory.of(
          (ArrayNode) JSON.readTree(stored.inputJson()),
          JSON.readTree(stored.responseJson()),
          stored.origin() != null);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a stored response is not JSON: " + stored.id(), e);
    }
  }

  /** The context of one response: its shell, and storing it when it finishes (if asked to). */
  ResponsesContext context(Exchange exchange, ResponsesRequest request) {
    ResponseShell shell =
        ResponseShell.of(ResponseShell.newId(), exchange.receivedEpochMillis / 1000, request);
    if (!request.store()) {
      return new ResponsesContext(shell, response -> {});
    }
    // The input to remember: the request's own, with what it continued spliced in before it.
    String input = ResponsesHistory.inputItems(request.nativeBody().get("input")).toString();
    return new ResponsesContext(
        shell, response -> save(exchange, input, response, origin(response, shell)));
  }

  /**
   * {@code responses_api} when an upstream's Responses API produced the response (it carries that
   * upstream's ids, not the shell's), else null (translated by the gateway).
   */
  private static String origin(ObjectNode response, ResponseShell shell) {
    return response.path("id").asText().equals(shell.id()) ? null : "responses_api";
  }

  private void save(Exchange exchange, String input, ObjectNode response, String origin) {
    long now = clock.millis();
    StoredResponse stored =
        new StoredResponse(
            response.path("id").asText(),
            exchange.keyId,
            now,
            now + retention.toMillis(),
            origin,
            input,
            response.toString());
    store
        .save(stored)
        .onFailure(
            e ->
                LOG.log(
                    Level.WARNING,
                    "could not store response " + stored.id() + " of " + exchange.requestId,
                    e));
  }

  /**
   * A complete answer as the Responses object: the upstream's own bytes when a Responses API
   * produced it, else written from the canonical answer. Either way it is stored when asked.
   */
  /** A canonical answer (translated, or a stage's) as a Responses object, stored as it leaves. */
  static Buffer translated(Exchange exchange, ObjectNode canonical) {
    ResponsesContext context = exchange.get(ResponsesContext.SLOT);
    ObjectNode response = ResponsesWriter.fromCanonical(canonical, context.shell());
    context.onCompleted().accept(response);
    return Buffer.buffer(response.toString());
  }

  static Buffer answer(Exchange exchange, Served.Complete served, ObjectNode canonical) {
    ResponsesContext context = exchange.get(ResponsesContext.SLOT);
    if (served.dialect() == Dialect.RESPONSES) {
      ObjectNode response;
      try {
        response = (ObjectNode) JSON.readTree(served.bytes().getBytes());
      } catch (java.io.IOException | ClassCastException e) {
        throw new IllegalStateException("a Responses answer was checked before", e);
      }
      context.shell().echoPrevious(response);
      context.onCompleted().accept(response);
      return context.shell().previousResponseId() == null
          ? served.bytes()
          : Buffer.buffer(response.toString());
    }
    return translated(exchange, canonical);
  }

  /** {@code GET /v1/responses/{id}}: the caller's stored response, or 404. */
  Handler<RoutingContext> retrieve() {
    return ctx -> {
      String id = ctx.pathParam("id");
      store
          .find(ctx.get(ApiServer.KEY_ID), id)
          .onComplete(
              found -> {
                if (found.failed()) {
                  Replies.error(ctx.response(), found.cause(), Dialect.RESPONSES);
                } else if (found.result().isEmpty()) {
                  notFound(ctx, id);
                } else {
                  Replies.json(
                      ctx.response(), 200, Buffer.buffer(found.result().get().responseJson()));
                }
              });
    };
  }

  /** {@code DELETE /v1/responses/{id}}: forgets the caller's stored response, or 404. */
  Handler<RoutingContext> delete() {
    return ctx -> {
      String id = ctx.pathParam("id");
      store
          .delete(ctx.get(ApiServer.KEY_ID), id)
          .onComplete(
              deleted -> {
                if (deleted.failed()) {
                  Replies.error(ctx.response(), deleted.cause(), Dialect.RESPONSES);
                } else if (!deleted.result()) {
                  notFound(ctx, id);
                } else {
                  ObjectNode out = JsonNodeFactory.instance.objectNode();
                  out.put("id", id).put("object", "response.deleted").put("deleted", true);
                  Replies.json(ctx.response(), 200, Buffer.buffer(out.toString()));
                }
              });
    };
  }

  private static void notFound(RoutingContext ctx, String id) {
    Replies.error(
        ctx.response(),
        new GatewayException(
            ErrorKind.NOT_FOUND,
            404,
            "No response found with id '" + id + "'.",
            "response_id",
            "response_not_found",
            null),
        Dialect.RESPONSES);
  }
}
