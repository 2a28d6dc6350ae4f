package switchboard.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import switchboard.access.Caller;
import switchboard.access.Governor;
import switchboard.access.KeyRing;
import switchboard.conversation.ResponseStore;
import switchboard.observe.Metrics;
import switchboard.pipeline.Chain;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Operation;
import switchboard.provider.ProviderRegistry;
import switchboard.upstream.ModelLists;
import switchboard.usage.Accounting;

/**
 * The inbound HTTP API: every route in one list. {@code /v1/*} is authenticated and answers errors
 * in the OpenAI envelope; health and metrics are open.
 */
public final class ApiServer {

  static final String REQUEST_ID = "switchboard.requestId";
  static final String RECEIVED_NANOS = "switchboard.received";
  static final String KEY_ID = "switchboard.keyId";
  static final String CALLER = "switchboard.caller";
  private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());

  private final Vertx vertx;
  private final Parts parts;
  private final Handler<Router> extraRoutes;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

  /** What the API needs; suppliers read the live configuration snapshot. */
  public record Parts(
      String masterKey,
      long maxBodyBytes,
      Supplier<ProviderRegistry> providers,
      Chain stages,
      Accounting accounting,
      Metrics metrics,
      LongSupplier nanos,
      KeyRing keys,
      Governor governor,
      Clock clock,
      ModelLists modelLists,
      ResponseStore responseStore,
      Duration responseRetention) {}

  public ApiServer(Vertx vertx, Parts parts, Handler<Router> extraRoutes) {
    this.vertx = vertx;
    this.parts = parts;
    this.extraRoutes = extraRoutes;
    parts.metrics().gauge("switchboard_inflight_requests", "Requests being served", inFlight::get);
  }

  /** Builds the routes; one router per event loop, so no routing state is shared across threads. */
  private Router router() {
    Router router = Router.router(vertx);
    Authenticator auth = new Authenticator(parts.masterKey(), parts.keys(), parts.clock());

    router
        .get("/health/live")
        .handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject().put("status", "ok")));
    router
        .get("/health/ready")
        .handler(
            ctx -> {
              boolean ready = !draining.get();
              ctx.response().setStatusCode(ready ? 200 : 503);
              ctx.json(
                  new io.vertx.core.json.JsonObject().put("status", ready ? "ready" : "draining"));
            });
    router
        .get("/metrics")
        .handler(
            ctx ->
                BudgetGauges.render(parts.keys(), parts.governor())
                    .recover(e -> Future.succeededFuture("")) // the rest still answers
                    .onComplete(
                        budgets ->
                            ctx.response()
                                .putHeader(
                                    "content-type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(parts.metrics().render() + budgets.result())));
    extraRoutes.handle(router);

    router
        .route("/v1/*")
        .handler(
            ctx -> {
              String id = RequestIds.from(ctx.request().getHeader("x-request-id"));
              ctx.put(REQUEST_ID, id);
              ctx.put(RECEIVED_NANOS, parts.nanos().getAsLong());
              ctx.response().putHeader("x-request-id", id);
              Dialect dialect = Replies.dialectOf(ctx.request().path());
              if (dialect == Dialect.ANTHROPIC) {
                ctx.response().putHeader("request-id", id); // where Anthropic's SDKs look for it
              }
              inFlight.incrementAndGet();
              ctx.addEndHandler(v -> inFlight.decrementAndGet());
              KeyRing.Check check =
                  auth.authenticate(
                      ctx.request().getHeader("authorization"),
                      ctx.request().getHeader("x-api-key"));
              if (check instanceof KeyRing.Check.Refused refused) {
                Replies.error(
                    ctx.response(),
                    new GatewayException(ErrorKind.UNAUTHORIZED, refused.message()),
                    dialect);
                return;
              }
              Caller caller = ((KeyRing.Check.Ok) check).caller();
              ctx.put(CALLER, caller);
              ctx.put(KEY_ID, caller.id());
              ctx.next();
            });
    BodyHandler body =
        BodyHandler.create(false).setBodyLimit(parts.maxBodyBytes()).setMergeFormAttributes(false);
    router
        .post("/v1/chat/completions")
        .handler(body)
        .handler(
            new ProxyHandler(
                Operation.CHAT,
                Dialect.OPENAI,
                parts.stages(),
                parts.accounting(),
                parts.governor(),
                null));
    router
        .post("/v1/embeddings")
        .handler(body)
        .handler(
            new ProxyHandler(
                Operation.EMBEDDINGS,
                Dialect.OPENAI,
                parts.stages(),
                parts.accounting(),
                parts.governor(),
                null));
    router
        .post("/v1/messages")
        .handler(body)
        .handler(
            new ProxyHandler(
                Operation.CHAT,
                Dialect.ANTHROPIC,
                parts.stages(),
                parts.accounting(),
                parts.governor(),
                null));
    ResponsesEndpoint responses =
        new ResponsesEndpoint(parts.responseStore(), parts.responseRetention(), parts.clock());
    router
        .post("/v1/responses")
        .handler(body)
        .handler(responses.continuation())
        .handler(
            new ProxyHandler(
                Operation.CHAT,
                Dialect.RESPONSES,
                parts.stages(),
                parts.accounting(),
                parts.governor(),
                responses));
    router.get("/v1/responses/:id").handler(responses.retrieve());
    router.delete("/v1/responses/:id").handler(responses.delete());
    router
        .post("/v1/messages/count_tokens")
        .handler(body)
        .handler(new CountTokensHandler(parts.accounting().tokens()));
    ModelsHandler models =
        new ModelsHandler(
            parts.providers(), parts.accounting().catalog(), parts.governor(), parts.modelLists());
    router.get("/v1/models").handler(models);
    router.get(ModelsHandler.ONE_PREFIX + "*").handler(models);
    router
        .route("/v1/*")
        .handler(
            ctx ->
                Replies.error(
                    ctx.response(),
                    new GatewayException(
                        ErrorKind.NOT_FOUND,
                        404,
                        "Unknown endpoint: " + ctx.request().method() + " " + ctx.request().path(),
                        null,
                        "unknown_url",
                        null),
                    Replies.dialectOf(ctx.request().path())));
    router.route("/v1/*").failureHandler(this::failure);
    router.route().failureHandler(this::failure);
    return router;
  }

  private void failure(RoutingContext ctx) {
    Dialect dialect = Replies.dialectOf(ctx.request().path());
    if (ctx.statusCode() == 413) {
      Replies.error(
          ctx.response(),
          new GatewayException(
              ErrorKind.TOO_LARGE, "The request body is larger than the gateway's limit."),
          dialect);
      return;
    }
    if (ctx.failure() != null && !(ctx.failure() instanceof GatewayException)) {
      LOG.log(Level.SEVERE, "unhandled failure on " + ctx.request().path(), ctx.failure());
    }
    if (ctx.statusCode() == 405 || ctx.statusCode() == 404) {
      Replies.error(
          ctx.response(),
          new GatewayException(
              ErrorKind.NOT_FOUND,
              404,
              "Unknown endpoint: " + ctx.request().method() + " " + ctx.request().path(),
              null,
              "unknown_url",
              null),
          dialect);
      return;
    }
    Replies.error(
        ctx.response(),
        ctx.failure() != null
            ? ctx.failure()
            : new GatewayException(
                ErrorKind.INVALID_REQUEST, ctx.statusCode(), "Bad request.", null, null, null),
        dialect);
  }

  /**
   * Listens with one server per event loop (Vert.x shares the port between them), so every core
   * serves requests and each connection stays on one thread, upstream calls included.
   */
  public Future<Void> listen(int port, String host, int instances, long headerTimeoutMillis) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setTcpNoDelay(true)
            .setCompressionSupported(false)
            // No WebSockets here: without these the pipeline carries an extension handler per
            // request.
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false)
            .setIdleTimeout(0)
            // HTTP/1.1 only on plain connections: without h2c's prior-knowledge sniffing, the
            // HTTP/1
            // pipeline exists before the first byte, so ConnectionGuard can harden it in time.
            .setHttp2ClearTextEnabled(false);
    // Vert.x shares one listening socket between servers asking for the same host and port
    // (port 0 included: the instances then share the one free port picked for the first).
    Future<Void> all = Future.succeededFuture();
    for (int i = 0; i < instances; i++) {
      all = all.compose(v -> deploy(options, port, host, headerTimeoutMillis).mapEmpty());
    }
    return all;
  }

  private Future<Integer> deploy(
      HttpServerOptions options, int port, String host, long headerTimeoutMillis) {
    Promise<Integer> bound = Promise.promise();
    vertx
        .deployVerticle(
            new VerticleBase() {
              @Override
              public Future<?> start() {
                HttpServer server =
                    vertx
                        .createHttpServer(options)
                        .connectionHandler(ConnectionGuard.install(options, headerTimeoutMillis))
                        .invalidRequestHandler(ApiServer::invalidRequest)
                        .requestHandler(router());
                return server
                    .listen(port, host)
                    .onSuccess(
                        s -> {
                          servers.add(s);
                          bound.tryComplete(s.actualPort());
                        });
              }
            })
        .onFailure(bound::tryFail);
    return bound.future();
  }

  /**
   * A request the HTTP decoder refused (bad framing, a head over the limits): answered in the API's
   * envelope; Vert.x closes the connection once this answer ends, since the bytes after a badly
   * framed request cannot be trusted.
   */
  private static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String message;
    if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      message = "The request's headers are larger than the gateway's limit.";
    } else if (cause instanceof TooLongHttpLineException) {
      status = 414;
      message = "The request line is longer than the gateway's limit.";
    } else {
      status = 400;
      // Only our own messages reach the client, never the HTTP library's.
      message =
          cause instanceof StrictRequestDecoder.Refused
              ? cause.getMessage()
              : cause != null
                      && cause.getMessage() != null
                      && cause.getMessage().startsWith("Multiple Content-Length")
                  ? "A request must not have more than one Content-Length."
                  : "The request is not valid HTTP/1.1.";
    }
    request.response().putHeader("connection", "close");
    Replies.error(
        request.response(),
        new GatewayException(ErrorKind.INVALID_REQUEST, status, message, null, null, null),
        Replies.dialectOf(request.path() == null ? "" : request.path()));
  }

  static final long DEFAULT_HEADER_TIMEOUT_MILLIS = 10_000;

  /**
   * {@code SWITCHBOARD_HEADER_TIMEOUT_MS}: how long a request's head may take to arrive (0: off).
   */
  public static long headerTimeoutMillis(Map<String, String> env) {
    String value = env.get("SWITCHBOARD_HEADER_TIMEOUT_MS");
    if (value == null || value.isBlank()) {
      return DEFAULT_HEADER_TIMEOUT_MILLIS;
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "SWITCHBOARD_HEADER_TIMEOUT_MS must be a whole number of milliseconds, 0 or more: "
            + value);
  }

  public int port() {
    return servers.get(0).actualPort();
  }

  /** Stops accepting; completes when requests and streams in flight are done or grace ran out. */
  public Future<Void> drain(long graceMillis) {
    draining.set(true);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    Promise<Void> idle = Promise.promise();
    List<Future<Void>> all = new ArrayList<>();
    for (HttpServer server : servers) {
      all.add(server.shutdown(graceMillis, TimeUnit.MILLISECONDS));
    }
    // The servers' shutdown can complete before the last API response has ended (the simulators'
    // own connections count too), so also wait until no API request is in flight.
    Future.join(all).onComplete(done -> awaitIdle(deadline, idle));
    return idle.future();
  }

  private void awaitIdle(long deadline, Promise<Void> idle) {
    if (inFlight.get() == 0 || System.nanoTime() >= deadline) {
      idle.tryComplete();
      return;
    }
    vertx.setTimer(10, id -> awaitIdle(deadline, idle));
  }

  public int inFlight() {
    return inFlight.get();
  }
}
