package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import switchboard.media.InlineImages;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Operation;
import switchboard.provider.ContextCaching;
import switchboard.provider.EmbeddingsUpstream;
import switchboard.provider.Failure;
import switchboard.provider.Passthrough;
import switchboard.provider.PromptCaching;
import switchboard.provider.Provider;
import switchboard.provider.ResponsesUpstream;
import switchboard.provider.TranslatingProvider;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.upstream.UpstreamClient;
import switchboard.wire.StreamDecoder;
import switchboard.wire.StreamEncoder;
import switchboard.wire.responses.ResponsesContext;
import switchboard.wire.responses.ResponsesStreamDecoder;

/**
 * One try of one target: apply the target's parameter overrides, let the provider prepare the
 * request, send it, and read the answer up to the commit point (a complete 2xx body, or a stream's
 * first content). Owns its timers (first token, total) and can be aborted on its own, so a timed
 * out or out-raced (hedged) call is cut without touching the others. Event loop only.
 */
final class Call {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final UpstreamClient upstream;
  private final LongSupplier nanos;
  private final Exchange exchange;
  final Target target;
  final int tryNumber;
  final long startedNanos;
  private final Promise<Served> promise = Promise.promise();
  private HttpClientRequest request;
  private StreamRelay relay;
  private long firstTokenTimer = -1;
  private long totalTimer = -1;

  /** Set once the dispatcher has recorded this call's attempt; later news is ignored. */
  boolean accounted;

  /** A continuation's own request body (canonical), or null to send the exchange's. */
  private final ObjectNode bodyOverride;

  /** A continuation's encoder (splices into the client's stream), or null for the usual. */
  private final StreamEncoder encoderOverride;

  /** The explicit context caches {@code auto_cache} may use, or null for none. */
  private final ContextCaches caches;

  /** The cacheable prefix this call's request names a cache for, or null. */
  private ContextCaching.Prefix cachePrefix;

  /** The cache the last request sent named, or null (set on the loop that made the cache). */
  private volatile String usedCache;

  Call(
      Vertx vertx,
      UpstreamClient upstream,
      LongSupplier nanos,
      Exchange exchange,
      Target target,
      int tryNumber) {
    this(vertx, upstream, nanos, exchange, target, tryNumber, null, null, null);
  }

  /** A call that may use explicit context caches ({@code caches} may be null). */
  Call(
      Vertx vertx,
      UpstreamClient upstream,
      LongSupplier nanos,
      Exchange exchange,
      Target target,
      int tryNumber,
      ContextCaches caches) {
    this(vertx, upstream, nanos, exchange, target, tryNumber, null, null, caches);
  }

  /** A call that continues a broken stream: its own body, its frames spliced by {@code encoder}. */
  Call(
      Vertx vertx,
      UpstreamClient upstream,
      LongSupplier nanos,
      Exchange exchange,
      Target target,
      int tryNumber,
      ObjectNode bodyOverride,
      StreamEncoder encoderOverride,
      ContextCaches caches) {
    this.caches = caches;
    this.bodyOverride = bodyOverride;
    this.encoderOverride = encoderOverride;
    this.vertx = vertx;
    this.upstream = upstream;
    this.nanos = nanos;
    this.exchange = exchange;
    this.target = target;
    this.tryNumber = tryNumber;
    this.startedNanos = nanos.getAsLong();
  }

  /** Sends the request; completes at the commit point or fails with an {@link UpstreamFailure}. */
  Future<Served> start() {
    Provider provider = target.provider();
    boolean toBase64 = false;
    UpstreamRequest prepared = null;
    Future<UpstreamRequest> cached = null;
    try {
      if (responsesPassthrough()) {
        ObjectNode body = exchange.nativeBody().deepCopy();
        override(body, target.params());
        prepared =
            PromptCaching.responses(
                (ResponsesUpstream) provider, autoCache(), body, target.model(), exchange.stream);
      } else if (passthrough()) {
        ObjectNode body = exchange.nativeBody().deepCopy();
        override(body, target.params());
        ContextCaching c = contextCaching(provider);
        cachePrefix = c == null ? null : c.passthroughPrefix(body, target.model(), exchange.stream);
        if (cachePrefix != null) {
          cached = named(caches.request(provider.id(), c, cachePrefix, target.timeouts()));
          Map<String, String> extra = exchange.passthroughHeaders();
          cached = cached.map(r -> withHeaders(r, extra));
        } else {
          prepared =
              withHeaders(
                  PromptCaching.passthrough(
                      (Passthrough) provider, autoCache(), body, target.model(), exchange.stream),
                  exchange.passthroughHeaders());
        }
      } else if (exchange.operation == Operation.EMBEDDINGS) {
        ObjectNode body = exchange.body().deepCopy();
        override(body, target.params());
        if (!(provider instanceof EmbeddingsUpstream embedder)) {
          throw GatewayException.invalid(
              "model",
              "The model '"
                  + target.provider().id()
                  + "/"
                  + target.model()
                  + "' is served by "
                  + provider.vendor()
                  + ", which offers no embeddings.");
        }
        toBase64 =
            "base64".equals(body.path("encoding_format").asText())
                && !embedder.nativeBase64Embeddings();
        if (toBase64) {
          body.put("encoding_format", "float");
        }
        prepared = embedder.embeddings(body, target.model());
      } else {
        if (exchange.untranslatable() != null) {
          throw exchange.untranslatable();
        }
        ObjectNode body =
            bodyOverride != null ? bodyOverride.deepCopy() : exchange.body().deepCopy();
        override(body, target.params());
        InlineImages.apply(body, exchange, provider);
        ContextCaching c = contextCaching(provider);
        cachePrefix = c == null ? null : c.chatPrefix(body, target.model(), exchange.stream);
        if (cachePrefix != null) {
          cached = named(caches.request(provider.id(), c, cachePrefix, target.timeouts()));
        } else {
          prepared =
              PromptCaching.chat(provider, autoCache(), body, target.model(), exchange.stream);
        }
      }
    } catch (GatewayException e) {
      // The target cannot honour the request (a field its dialect lacks): the client's fault.
      promise.tryFail(
          new UpstreamFailure(
              new UpstreamError(
                  Failure.BAD_REQUEST,
                  e.status(),
                  e.getMessage(),
                  null,
                  e.code(),
                  e.param(),
                  null)));
      return promise.future();
    }
    long firstToken = target.timeouts().firstToken().toMillis();
    long total = target.timeouts().total().toMillis();
    firstTokenTimer =
        vertx.setTimer(
            Math.max(1, firstToken),
            id ->
                abort(
                    UpstreamError.of(
                        Failure.TIMEOUT,
                        0,
                        (exchange.stream ? "no first token within " : "no answer head within ")
                            + firstToken
                            + " ms")));
    totalTimer =
        vertx.setTimer(
            Math.max(1, total),
            id -> {
              UpstreamError late =
                  UpstreamError.of(
                      Failure.TIMEOUT, 0, "no complete answer within " + total + " ms");
              if (relay != null && promise.future().succeeded()) {
                relay.abort(late);
              } else {
                abort(late);
              }
            });
    boolean convert = toBase64;
    send(provider, cached != null ? cached : Future.succeededFuture(prepared), convert, true)
        .onComplete(
            done -> {
              vertx.cancelTimer(firstTokenTimer);
              if (done.failed()) {
                vertx.cancelTimer(totalTimer);
                // A request we cut because the client left is nobody's failure: it must not count
                // against the target's health.
                promise.tryFail(
                    exchange.cancelled()
                        ? new UpstreamFailure(
                            UpstreamError.of(Failure.CLIENT_GONE, 0, "client closed request"))
                        : done.cause());
                return;
              }
              Served served = done.result();
              if (served instanceof Served.Streaming s) {
                s.relay().onEnd(end -> vertx.cancelTimer(totalTimer));
              } else {
                vertx.cancelTimer(totalTimer);
              }
              if (!promise.tryComplete(served) && served instanceof Served.Streaming s) {
                s.relay().cancel(); // a timer or the dispatcher gave up on this call first
              }
            });
    return promise.future();
  }

  /**
   * Sends the request once it is ready (a context cache may be being created for it) and reads the
   * answer; back on this call's event loop first, since a cache's creation completes on whichever
   * loop sent it.
   */
  private Future<Served> send(
      Provider provider, Future<UpstreamRequest> ready, boolean convert, boolean mayRecreate) {
    io.vertx.core.Context context = Vertx.currentContext();
    Future<UpstreamRequest> here = ready;
    if (!ready.isComplete() && context != null) { // a creation under way, maybe on another loop
      Promise<UpstreamRequest> back = Promise.promise();
      ready.onComplete(
          r -> {
            if (Vertx.currentContext() == context) {
              back.handle(r);
            } else {
              context.runOnContext(v -> back.handle(r));
            }
          });
      here = back.future();
    }
    return here.compose(
            prepared -> {
              if (promise.future().isComplete()) { // timed out or cut while the cache was made
                return Future.failedFuture(
                    new UpstreamFailure(UpstreamError.of(Failure.CANCELLED, 0, "call ended")));
              }
              return upstream.send(prepared, target.timeouts(), this::sent);
            })
        .compose(
            response -> {
              if (!exchange.stream) {
                vertx.cancelTimer(firstTokenTimer);
              }
              return read(provider, response, convert, mayRecreate);
            });
  }

  /** The request of a context cache's answer, remembering which cache it names. */
  private Future<UpstreamRequest> named(Future<ContextCaches.Ready> ready) {
    return ready.map(
        r -> {
          usedCache = r.cache();
          return r.request();
        });
  }

  /** The provider's context caching when {@code auto_cache} is on and the gateway keeps them. */
  private ContextCaching contextCaching(Provider provider) {
    return caches != null && autoCache() && provider instanceof ContextCaching c ? c : null;
  }

  /** Gives up on this call before its commit point: fails it with {@code why}, cuts the request. */
  void abort(UpstreamError why) {
    if (promise.tryFail(new UpstreamFailure(why))) {
      vertx.cancelTimer(firstTokenTimer);
      vertx.cancelTimer(totalTimer);
      if (request != null) {
        request.reset();
      }
      if (relay != null) {
        relay.cancel();
      }
    }
  }

  boolean settled() {
    return promise.future().isComplete();
  }

  private void sent(HttpClientRequest req) {
    this.request = req;
    exchange.inFlight(req);
    if (promise.future().isComplete() && promise.future().failed()) {
      req.reset();
    }
  }

  /** Applies parameter overrides: a JSON null removes the field. */
  static void override(ObjectNode body, ObjectNode params) {
    if (params == null) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        body.remove(e.getKey());
      } else {
        body.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  private Future<Served> read(
      Provider provider, HttpClientResponse response, boolean toBase64, boolean mayRecreate) {
    int status = response.statusCode();
    String contentType = String.valueOf(response.getHeader("content-type"));
    boolean translating = provider instanceof TranslatingProvider;
    boolean responses = responsesPassthrough();
    if (status >= 200
        && status < 300
        && exchange.stream
        && (translating || contentType.startsWith("text/event-stream"))) {
      StreamDecoder decoder =
          responses
              ? new ResponsesStreamDecoder()
              : translating ? ((TranslatingProvider) provider).streamDecoder(target.model()) : null;
      relay =
          new StreamRelay(
              response,
              provider,
              decoder,
              encoderOverride != null
                  ? encoderOverride
                  : responses
                      ? exchange
                          .get(ResponsesContext.SLOT)
                          .passthroughEncoder((ResponsesStreamDecoder) decoder)
                      : StreamEncoders.of(exchange, passthrough()),
              encoderOverride == null
                  && !exchange.hooked()
                  && (responses || exchange.inbound() == provider.dialect()),
              exchange.clientWantsUsage,
              nanos);
      // Vert.x's idle timeout stops at the head; the relay watches the body itself, so a stream
      // that stalls after its first content ends too.
      relay.watchIdle(vertx, target.timeouts().idle().toMillis());
      if (promise.future().isComplete()) {
        relay.cancel();
      }
      return relay.committed().map(v -> new Served.Streaming(target, relay));
    }
    return response
        .body()
        .compose(
            bytes -> {
              if (status < 200 || status >= 300) {
                String stale = staleCache(provider, status, bytes, mayRecreate);
                if (stale != null) {
                  // The cache expired or was evicted early: made anew, and the request sent again,
                  // once; the client never sees it.
                  ContextCaching c = (ContextCaching) provider;
                  Future<UpstreamRequest> again =
                      named(
                          caches.recreate(provider.id(), c, cachePrefix, target.timeouts(), stale));
                  if (passthrough()) {
                    Map<String, String> extra = exchange.passthroughHeaders();
                    again = again.map(r -> withHeaders(r, extra));
                  }
                  return send(provider, again, toBase64, false);
                }
                return Future.failedFuture(
                    new UpstreamFailure(provider.classify(status, response.headers(), bytes)));
              }
              if (responses) {
                return Answers.responses(target, provider, bytes);
              }
              return Answers.read(exchange, target, provider, bytes, toBase64, passthrough());
            });
  }

  /** The cache name the request named when the provider says that cache is gone, else null. */
  private String staleCache(Provider provider, int status, Buffer body, boolean mayRecreate) {
    if (!mayRecreate
        || cachePrefix == null
        || !((ContextCaching) provider).cacheGone(status, body)) {
      return null;
    }
    return usedCache;
  }

  /** The client's own dialect headers added to a passthrough request (a list header is joined). */
  private static UpstreamRequest withHeaders(UpstreamRequest request, Map<String, String> extra) {
    if (extra.isEmpty()) {
      return request;
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>(request.headers());
    extra.forEach(
        (name, value) -> headers.merge(name, value, (ours, theirs) -> ours + "," + theirs));
    return new UpstreamRequest(request.method(), request.uri(), headers, request.body());
  }

  /** Whether {@code auto_cache} is on: the request's or its key's choice, else off (SPEC §3). */
  private boolean autoCache() {
    return Boolean.TRUE.equals(exchange.choices().autoCache());
  }

  /** Whether a Responses body goes untranslated to an upstream that serves the Responses API. */
  private boolean responsesPassthrough() {
    return bodyOverride == null
        && !exchange.hooked()
        && exchange.nativeBody() != null
        && exchange.inbound() == Dialect.RESPONSES
        && exchange.operation == Operation.CHAT
        && ResponsesUpstream.serves(target.provider());
  }

  /**
   * Whether the client's own body goes upstream untranslated (same non-canonical dialect); never
   * when a stage watches the answer, which it sees in the canonical shape.
   */
  private boolean passthrough() {
    return bodyOverride == null
        && !exchange.hooked()
        && exchange.nativeBody() != null
        && exchange.inbound() == target.provider().dialect()
        && target.provider() instanceof Passthrough;
  }
}
