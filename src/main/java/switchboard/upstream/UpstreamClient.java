package switchboard.upstream;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import switchboard.provider.UpstreamRequest;

/**
 * The transport: pooled keep-alive connections per origin, HTTP/2 over TLS where the provider
 * offers it (ALPN), HTTP/1.1 in clear text (local servers, fakes). Pure transport: it neither
 * retries nor interprets answers.
 */
public final class UpstreamClient {

  /**
   * HTTP/1.1 connections kept per origin unless {@code SWITCHBOARD_UPSTREAM_MAX_CONNECTIONS} says
   * otherwise. A stream holds its connection for its whole length, so this is the number of streams
   * one provider can serve at once; requests beyond it wait for a connection within the connect
   * timeout. At 512, a thousand concurrent streams got 488 503s; a connection costs a few KiB while
   * open and nothing while not, so the default sits well above the loads we measure.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 8192;

  private final HttpClientAgent plain;
  private final HttpClientAgent tls;

  public UpstreamClient(Vertx vertx) {
    this(vertx, DEFAULT_MAX_CONNECTIONS);
  }

  /** A transport with at most {@code maxConnections} HTTP/1.1 connections per origin. */
  public UpstreamClient(Vertx vertx, int maxConnections) {
    PoolOptions pool =
        new PoolOptions()
            .setHttp1MaxSize(maxConnections)
            .setHttp2MaxSize(8)
            .setMaxWaitQueueSize(Math.max(10_000, maxConnections));
    HttpClientOptions common =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setKeepAliveTimeout(60)
            .setTcpNoDelay(true)
            .setDecompressionSupported(true)
            .setMaxInitialLineLength(8192)
            .setMaxHeaderSize(64 * 1024);
    this.plain =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions(common).setProtocolVersion(HttpVersion.HTTP_1_1))
            .with(pool)
            .build();
    this.tls =
        vertx
            .httpClientBuilder()
            .with(
                new HttpClientOptions(common)
                    .setProtocolVersion(HttpVersion.HTTP_2)
                    .setUseAlpn(true)
                    .setSsl(true)
                    .setVerifyHost(true))
            .with(pool)
            .build();
  }

  /**
   * Sends a request and completes with the response head; the body is left unread for the caller.
   * {@code onRequest} sees the request before it is sent, so the caller can cancel it.
   */
  public Future<HttpClientResponse> send(
      UpstreamRequest request, Timeouts timeouts, Consumer<HttpClientRequest> onRequest) {
    return send(request, timeouts, onRequest, Future::succeededFuture);
  }

  /** A whole answer of a side request (model lists, health probes). */
  public record Answer(int status, MultiMap headers, Buffer body) {}

  /**
   * Sends a request and reads its whole answer, from any thread. The body is asked for inside the
   * callback that delivers the response head, on the connection's event loop: asked for a turn
   * later from another thread, Vert.x can lose the end of a short answer
   * (eclipse-vertx/vert.x#6038).
   */
  public Future<Answer> fetch(UpstreamRequest request, Timeouts timeouts) {
    return send(
        request,
        timeouts,
        req -> {},
        response ->
            response
                .body()
                .map(body -> new Answer(response.statusCode(), response.headers(), body)));
  }

  private <T> Future<T> send(
      UpstreamRequest request,
      Timeouts timeouts,
      Consumer<HttpClientRequest> onRequest,
      java.util.function.Function<HttpClientResponse, Future<T>> then) {
    Origin origin = origin(request.uri());
    boolean secure = origin.secure();
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setSsl(secure)
            .setHost(origin.host())
            .setPort(origin.port())
            .setURI(origin.pathAndQuery())
            .setConnectTimeout(timeouts.connect().toMillis())
            .setIdleTimeout(timeouts.idle().toMillis());
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      options.putHeader(header.getKey(), header.getValue());
    }
    return (secure ? tls : plain)
        .request(options)
        .compose(
            req -> {
              onRequest.accept(req);
              // Vert.x 5 never completes a send of an empty buffer on a GET: send no body instead.
              return (request.body() == null || request.body().length() == 0
                      ? req.send()
                      : req.send(request.body()))
                  .compose(then);
            });
  }

  /** A parsed upstream URI; parsing a URL per request showed in profiles, so they are cached. */
  private record Origin(boolean secure, String host, int port, String pathAndQuery) {}

  private final Map<String, Origin> origins = new ConcurrentHashMap<>();

  private Origin origin(String uri) {
    Origin known = origins.get(uri);
    if (known != null) {
      return known;
    }
    URI parsed = URI.create(uri);
    boolean secure = "https".equalsIgnoreCase(parsed.getScheme());
    int port = parsed.getPort() != -1 ? parsed.getPort() : secure ? 443 : 80;
    String path =
        parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
    Origin origin =
        new Origin(
            secure,
            parsed.getHost(),
            port,
            parsed.getRawQuery() == null ? path : path + "?" + parsed.getRawQuery());
    if (origins.size() < 10_000) { // bounded: URIs come from configuration, not from clients
      origins.put(uri, origin);
    }
    return origin;
  }

  /**
   * The per-origin connection limit from {@code SWITCHBOARD_UPSTREAM_MAX_CONNECTIONS}, or {@link
   * #DEFAULT_MAX_CONNECTIONS} when it is unset.
   */
  public static int maxConnections(Map<String, String> env) {
    String value = env.get("SWITCHBOARD_UPSTREAM_MAX_CONNECTIONS");
    if (value == null || value.isBlank()) {
      return DEFAULT_MAX_CONNECTIONS;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "SWITCHBOARD_UPSTREAM_MAX_CONNECTIONS must be a whole number, at least 1: " + value);
  }

  public Future<Void> close() {
    return Future.all(plain.close(), tls.close()).mapEmpty();
  }
}
