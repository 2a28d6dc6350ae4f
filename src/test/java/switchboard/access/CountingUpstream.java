package switchboard.access;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OpenAI-compatible upstream on loopback that counts the requests it receives and answers
 * every chat completion with the same short answer and usage (10 prompt, 5 completion tokens).
 */
final class CountingUpstream implements AutoCloseable {

  private static final String ANSWER =
      "{\"id\":\"chatcmpl-count\",\"object\":\"chat.completion\","
          + "\"created\":1,\"model\":\"counted-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
          + "\"assistant\",\"content\":\"counted\"},\"finish_reason\":\"stop\"}],\"usage\":"
          + "{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";

  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;

  CountingUpstream() throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  requests.incrementAndGet();
                  req.body()
                      .onComplete(
                          b ->
                              req.response()
                                  .putHeader("content-type", "application/json")
                                  .end(ANSWER));
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
