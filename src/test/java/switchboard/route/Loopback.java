package switchboard.route;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/** A scripted upstream for the route unit tests: an HTTP server on a free loopback port. */
final class Loopback {

  private Loopback() {}

  static HttpServer listen(Vertx vertx, Handler<HttpServerRequest> handler) throws Exception {
    return vertx
        .createHttpServer()
        .requestHandler(handler)
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
