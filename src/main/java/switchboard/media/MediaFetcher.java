package switchboard.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Downloads an image a client named by URL, for providers that take images only inline. Each hop
 * (the URL and every redirect) is resolved once, on a worker thread, every address it resolves to
 * is checked ({@link BlockedAddresses}), and the connection goes to the checked address while the
 * {@code Host} header and TLS SNI keep the name: a second DNS answer cannot swap in a private
 * address. The size is checked against {@code Content-Length} and again as bytes arrive; one timer
 * bounds the whole fetch, redirects included. Never blocks the event loop.
 */
public final class MediaFetcher {

  private final Vertx vertx;
  private final MediaSettings settings;
  private final HttpClientAgent client;

  /** Why an address is refused, or null: {@link BlockedAddresses}, or nothing when allowed. */
  private final Function<InetAddress, String> refusal;

  public MediaFetcher(Vertx vertx, MediaSettings settings) {
    this(vertx, settings, settings.allowPrivate() ? address -> null : BlockedAddresses::reason);
  }

  /** A fetcher with its own address rule (tests: the loopback image server, nothing else). */
  MediaFetcher(Vertx vertx, MediaSettings settings, Function<InetAddress, String> refusal) {
    this.vertx = vertx;
    this.settings = settings;
    this.refusal = refusal;
    this.client =
        vertx
            .httpClientBuilder()
            .with(
                new HttpClientOptions()
                    .setKeepAlive(true)
                    .setForceSni(true)
                    .setVerifyHost(true)
                    .setConnectTimeout((int) settings.connect().toMillis())
                    .setMaxHeaderSize(64 * 1024))
            .with(new PoolOptions().setHttp1MaxSize(64))
            .build();
  }

  public MediaSettings settings() {
    return settings;
  }

  /**
   * Fetches {@code url}; fails with {@link FetchFailed} when it cannot be fetched or its type is
   * not in {@code accepted}. Call on an event loop (or anywhere: the answer's callbacks run on the
   * caller's context).
   */
  public Future<Fetched> fetch(String url, Set<String> accepted) {
    Promise<Fetched> result = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, settings.total().toMillis()),
            id ->
                result.tryFail(
                    new FetchFailed(
                        "the image did not arrive within " + settings.total().toMillis() + " ms")));
    hop(url, 0, accepted, result);
    result.future().onComplete(done -> vertx.cancelTimer(timer));
    return result.future();
  }

  private void hop(String url, int redirects, Set<String> accepted, Promise<Fetched> result) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      result.tryFail(new FetchFailed("the URL is not valid"));
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      result.tryFail(new FetchFailed("only http and https URLs can be fetched"));
      return;
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      result.tryFail(new FetchFailed("the URL has no host"));
      return;
    }
    boolean secure = scheme.equals("https");
    int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
    vertx
        .<InetAddress>executeBlocking(() -> resolve(host), false)
        .onFailure(result::tryFail)
        .onSuccess(
            address -> {
              if (result.future().isComplete()) {
                return;
              }
              String path =
                  uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
              RequestOptions options =
                  new RequestOptions()
                      .setMethod(HttpMethod.GET)
                      .setServer(
                          SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                      .setHost(bare(host))
                      .setPort(port)
                      .setSsl(secure)
                      .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
                      .setFollowRedirects(false)
                      .setConnectTimeout(settings.connect().toMillis())
                      .setIdleTimeout(settings.total().toMillis())
                      .putHeader("accept", "image/*")
                      .putHeader("user-agent", "Switchboard media fetch");
              client
                  .request(options)
                  .onFailure(e -> result.tryFail(unreachable(e)))
                  .onSuccess(
                      request -> {
                        result.future().onFailure(e -> request.reset());
                        request
                            .send()
                            .onFailure(e -> result.tryFail(unreachable(e)))
                            .onSuccess(
                                response ->
                                    answered(uri, redirects, accepted, request, response, result));
                      });
            });
  }

  private void answered(
      URI uri,
      int redirects,
      Set<String> accepted,
      HttpClientRequest request,
      HttpClientResponse response,
      Promise<Fetched> result) {
    // Set before any reset below, so a reset is handled; a reset we chose (a redirect, a refusal)
    // is not a failure of its own.
    boolean[] letGo = {false};
    response.exceptionHandler(
        e -> {
          if (!letGo[0]) {
            result.tryFail(unreachable(e));
          }
        });
    Runnable release =
        () -> {
          letGo[0] = true;
          request.reset();
        };
    int status = response.statusCode();
    String location = response.getHeader("location");
    if (status >= 300 && status < 400 && location != null) {
      release.run(); // the redirect's own body is not wanted
      if (redirects >= settings.maxRedirects()) {
        result.tryFail(new FetchFailed("more than " + settings.maxRedirects() + " redirects"));
        return;
      }
      String next;
      try {
        next = uri.resolve(location.strip()).toString();
      } catch (IllegalArgumentException e) {
        result.tryFail(new FetchFailed("a redirect went to an invalid URL"));
        return;
      }
      hop(next, redirects + 1, accepted, result);
      return;
    }
    if (status != 200) {
      release.run();
      result.tryFail(new FetchFailed("the image's server answered HTTP " + status));
      return;
    }
    String declared = ImageTypes.normalise(response.getHeader("content-type"));
    if (!declared.isEmpty() && !declared.endsWith("octet-stream") && !accepted.contains(declared)) {
      release.run();
      result.tryFail(wrongType(declared, accepted));
      return;
    }
    String length = response.getHeader("content-length");
    if (length != null && tooLarge(length)) {
      release.run();
      result.tryFail(tooLarge());
      return;
    }
    Buffer body = Buffer.buffer();
    response.handler(
        chunk -> {
          if (body.length() + (long) chunk.length() > settings.maxBytes()) {
            result.tryFail(tooLarge());
            release.run();
            return;
          }
          body.appendBuffer(chunk);
        });
    response.endHandler(
        v -> {
          byte[] bytes = body.getBytes();
          String type = ImageTypes.of(response.getHeader("content-type"), bytes);
          if (!accepted.contains(type)) {
            result.tryFail(wrongType(type.isEmpty() ? "unknown" : type, accepted));
            return;
          }
          result.tryComplete(new Fetched(type, bytes));
        });
  }

  /** The first address of {@code host}, refused when any of its addresses is not public. */
  private InetAddress resolve(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare(host));
    } catch (UnknownHostException e) {
      throw new FetchFailed("the host " + host + " could not be resolved");
    }
    for (InetAddress address : addresses) {
      String reason = refusal.apply(address);
      if (reason != null) {
        throw new FetchFailed(
            "the host "
                + host
                + " resolves to a "
                + reason
                + " address, which the gateway does not fetch from");
      }
    }
    return addresses[0];
  }

  /** A host without the brackets of an IPv6 literal. */
  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private boolean tooLarge(String length) {
    try {
      return Long.parseLong(length.strip()) > settings.maxBytes();
    } catch (NumberFormatException e) {
      return false; // counted as the bytes arrive
    }
  }

  private FetchFailed tooLarge() {
    return new FetchFailed(
        "the image is larger than the limit of " + settings.maxBytes() + " bytes");
  }

  private static FetchFailed wrongType(String type, Set<String> accepted) {
    return new FetchFailed(
        "the content type "
            + type
            + " is not an image type this model takes ("
            + String.join(", ", new java.util.TreeSet<>(accepted))
            + ")");
  }

  private static Throwable unreachable(Throwable e) {
    if (e instanceof FetchFailed) {
      return e;
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new FetchFailed("the image could not be fetched: " + message);
  }

  public Future<Void> close() {
    return client.close();
  }
}
