package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Operation;
import switchboard.provider.Failure;
import switchboard.provider.Provider;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.upstream.UpstreamClient;
import switchboard.wire.openai.Embeddings;
import switchboard.wire.openai.ResponseScan;

/**
 * The only loop that fails over.
 *
 * <p>Design note. For each target of the plan in order: prepare the request (the provider, no
 * I/O), send it, and wait for the commit point: a complete 2xx answer, or a stream's first content
 * ({@link StreamRelay}). A failure before that point is classified once ({@link Failure}), recorded
 * as an {@link Attempt}, and the next target is tried when the failure says so; nothing has reached
 * the client yet, so the switch is invisible. After the commit point the dispatcher is done: a
 * later failure is the stream's to report in-band. All attempts failed: one {@link
 * GatewayException} naming each.
 */
public final class Dispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final UpstreamClient upstream;
  private final LongSupplier nanos;

  public Dispatcher(Vertx vertx, UpstreamClient upstream, LongSupplier nanos) {
    this.vertx = vertx;
    this.upstream = upstream;
    this.nanos = nanos;
  }

  /** Tries the plan's targets in order; completes at the commit point. */
  public Future<Served> dispatch(Exchange exchange, List<Target> plan) {
    Promise<Served> result = Promise.promise();
    next(exchange, plan, 0, result);
    return result.future();
  }

  private void next(Exchange exchange, List<Target> plan, int index, Promise<Served> result) {
    if (exchange.cancelled()) {
      result.tryFail(new GatewayException(ErrorKind.INVALID_REQUEST, 499, "client closed request",
          null, "client_closed_request", null));
      return;
    }
    if (index >= plan.size()) {
      result.tryFail(allFailed(exchange.attempts()));
      return;
    }
    Target target = plan.get(index);
    long started = nanos.getAsLong();
    attempt(exchange, target).onComplete(done -> {
      long millis = (nanos.getAsLong() - started) / 1_000_000;
      if (done.succeeded()) {
        exchange.addAttempt(new Attempt(target.name(), 200, null, millis));
        result.tryComplete(done.result());
        return;
      }
      UpstreamError error = errorOf(done.cause());
      exchange.addAttempt(new Attempt(target.name(), error.status(), error, millis));
      if (error.failure().tryNext() && !exchange.cancelled()) {
        next(exchange, plan, index + 1, result);
      } else {
        result.tryFail(exchange.cancelled() ? new GatewayException(ErrorKind.INVALID_REQUEST, 499,
            "client closed request", null, "client_closed_request", null)
            : allFailed(exchange.attempts()));
      }
    });
  }

  private Future<Served> attempt(Exchange exchange, Target target) {
    Provider provider = target.provider();
    ObjectNode body = exchange.body.deepCopy();
    boolean toBase64 = false;
    UpstreamRequest request;
    if (exchange.operation == Operation.EMBEDDINGS) {
      toBase64 = "base64".equals(body.path("encoding_format").asText())
          && !provider.nativeBase64Embeddings();
      if (toBase64) {
        body.put("encoding_format", "float");
      }
      request = provider.embeddings(body, target.model());
    } else {
      request = provider.chat(body, target.model(), exchange.stream);
    }
    Promise<Served> attempt = Promise.promise();
    long limit = exchange.stream ? target.timeouts().firstToken().toMillis()
        : target.timeouts().total().toMillis();
    long timer = vertx.setTimer(limit, id -> {
      if (attempt.tryFail(new UpstreamFailure(UpstreamError.of(Failure.TIMEOUT, 0,
          (exchange.stream ? "no first token within " : "no answer within ") + limit + " ms")))) {
        exchange.abortInFlight();
      }
    });
    boolean convert = toBase64;
    upstream.send(request, target.timeouts(), exchange::inFlight)
        .compose(response -> read(exchange, provider, response, convert))
        .onComplete(done -> {
          vertx.cancelTimer(timer);
          if (done.succeeded()) {
            Served served = done.result();
            if (!attempt.tryComplete(retarget(served, target)) && served instanceof Served.Streaming s) {
              s.relay().cancel(); // the timer fired first
            }
          } else {
            attempt.tryFail(done.cause());
          }
        });
    return attempt.future();
  }

  private static Served retarget(Served served, Target target) {
    if (served instanceof Served.Complete c) {
      return new Served.Complete(target, c.json(), c.bytes(), c.usage(), c.servedModel());
    }
    return new Served.Streaming(target, ((Served.Streaming) served).relay());
  }

  private Future<Served> read(
      Exchange exchange, Provider provider, HttpClientResponse response, boolean toBase64) {
    int status = response.statusCode();
    String contentType = String.valueOf(response.getHeader("content-type"));
    if (status >= 200 && status < 300 && exchange.stream
        && contentType.startsWith("text/event-stream")) {
      StreamRelay relay = new StreamRelay(response, provider, exchange.clientWantsUsage, nanos);
      return relay.committed().map(v -> new Served.Streaming(null, relay));
    }
    return response.body().compose(bytes -> {
      if (status < 200 || status >= 300) {
        return Future.failedFuture(new UpstreamFailure(
            provider.classify(status, response.headers(), bytes)));
      }
      return complete(provider, bytes, exchange.operation, toBase64);
    });
  }

  private static Future<Served> complete(
      Provider provider, Buffer bytes, Operation operation, boolean toBase64) {
    boolean tree = toBase64 || (operation == Operation.CHAT && provider.rewritesResponses());
    if (!tree) {
      return scanned(provider, bytes, operation);
    }
    JsonNode json;
    try {
      json = JSON.readTree(bytes.getBytes());
    } catch (Exception e) {
      return bad("upstream sent malformed JSON");
    }
    if (!(json instanceof ObjectNode object)) {
      return bad("upstream sent JSON that is not an object");
    }
    if (object.has("error") && !object.has("choices") && !object.has("data")) {
      return Future.failedFuture(new UpstreamFailure(provider.classifyInBand(object.get("error"))));
    }
    boolean changed;
    if (operation == Operation.EMBEDDINGS) {
      if (!object.path("data").isArray()) {
        return bad("upstream embeddings answer has no data");
      }
      changed = toBase64 && Embeddings.toBase64(object);
    } else {
      if (!object.path("choices").isArray()) {
        return bad("upstream answer has no choices");
      }
      changed = provider.normalizeResponse(object);
    }
    Buffer out = changed ? Buffer.buffer(object.toString()) : bytes;
    String model = object.path("model").asText(null);
    return Future.succeededFuture(
        new Served.Complete(null, object, out, provider.usage(object.get("usage")), model));
  }

  /** The fast path: the upstream's bytes go out as they are; only usage and model are read. */
  private static Future<Served> scanned(Provider provider, Buffer bytes, Operation operation) {
    ResponseScan scan;
    try {
      scan = ResponseScan.of(bytes.getBytes());
    } catch (Exception e) {
      return bad("upstream sent malformed JSON");
    }
    if (scan.error() != null && !scan.hasChoices() && !scan.hasData()) {
      return Future.failedFuture(new UpstreamFailure(provider.classifyInBand(scan.error())));
    }
    if (operation == Operation.CHAT ? !scan.hasChoices() : !scan.hasData()) {
      return bad(operation == Operation.CHAT ? "upstream answer has no choices"
          : "upstream embeddings answer has no data");
    }
    return Future.succeededFuture(new Served.Complete(null, null, bytes,
        provider.usage(scan.usage()), scan.model()));
  }

  private static Future<Served> bad(String message) {
    return Future.failedFuture(new UpstreamFailure(
        UpstreamError.of(Failure.BAD_RESPONSE, 200, message)));
  }

  private static UpstreamError errorOf(Throwable cause) {
    if (cause instanceof UpstreamFailure failure) {
      return failure.error();
    }
    if (cause instanceof TimeoutException
        || String.valueOf(cause.getMessage()).toLowerCase().contains("timeout")
        || String.valueOf(cause.getMessage()).toLowerCase().contains("timed out")) {
      return UpstreamError.of(Failure.TIMEOUT, 0, "upstream timed out");
    }
    if (cause instanceof ConnectException || cause instanceof java.nio.channels.ClosedChannelException
        || cause instanceof java.io.IOException || cause instanceof io.vertx.core.VertxException) {
      return UpstreamError.of(Failure.CONNECT, 0, "connection failed: " + cause.getMessage());
    }
    return UpstreamError.of(Failure.CONNECT, 0, "upstream request failed: " + cause);
  }

  /**
   * Every attempt failed. When the last failure is the request's own fault (a client error no
   * other provider would accept), the client gets that provider's 4xx; otherwise 503 naming each
   * attempt.
   */
  static GatewayException allFailed(List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return new GatewayException(ErrorKind.UPSTREAM_FAILED, "no provider could be tried");
    }
    Attempt last = attempts.get(attempts.size() - 1);
    UpstreamError error = last.error();
    boolean clientFault = error.failure() == Failure.BAD_REQUEST
        || error.failure() == Failure.CONTENT_FILTERED || error.failure() == Failure.CONTEXT_LENGTH;
    if (clientFault && error.status() >= 400 && error.status() < 500) {
      return new GatewayException(ErrorKind.UPSTREAM_CLIENT_ERROR, error.status(),
          error.message(), error.param(), error.code(), null);
    }
    StringBuilder message = new StringBuilder();
    message.append(attempts.size() == 1 ? "The provider failed: " : "All " + attempts.size()
        + " attempts failed: ");
    for (int i = 0; i < attempts.size(); i++) {
      message.append(i == 0 ? "" : "; ").append(attempts.get(i).describe());
    }
    return new GatewayException(ErrorKind.UPSTREAM_FAILED, 503, message.toString(), null, null,
        null);
  }
}
