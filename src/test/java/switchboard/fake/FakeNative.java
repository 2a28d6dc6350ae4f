package switchboard.fake;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback Gemini and Bedrock upstream that records every request and answers with each one's
 * minimal complete answer: Gemini's {@code generateContent} (wire-formats §5; streamed as one SSE
 * event) and Bedrock's {@code Converse} (§6). Enough to see what the gateway sent; the answers are
 * always "ok". Gemini's explicit context caches are served too ({@link FakeCachedContents}): a
 * request naming one answers with its tokens as {@code cachedContentTokenCount}.
 */
public final class FakeNative implements AutoCloseable {

  private static final Vertx VERTX = Vertx.vertx();

  private static final String GEMINI_ANSWER =
      """
      {"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP","index":0}],
       "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"totalTokenCount":4},
       "modelVersion":"gemini-2.0-flash"}""";

  private static final String CONVERSE_ANSWER =
      """
      {"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}},"stopReason":"end_turn",
       "usage":{"inputTokens":3,"outputTokens":1,"totalTokens":4},"metrics":{"latencyMs":1}}""";

  private final HttpServer server;
  private final List<FakeOpenAi.Received> received = new CopyOnWriteArrayList<>();
  private final FakeCachedContents caches = new FakeCachedContents();

  private FakeNative(HttpServer server) {
    this.server = server;
  }

  public static FakeNative start() {
    FakeNative[] holder = new FakeNative[1];
    HttpServer server = VERTX.createHttpServer().requestHandler(req -> holder[0].accept(req));
    holder[0] = new FakeNative(server);
    try {
      server
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return holder[0];
  }

  /** The base URL for {@code GEMINI_BASE_URL} and {@code BEDROCK_BASE_URL}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<FakeOpenAi.Received> requests() {
    return List.copyOf(received);
  }

  /** The last request received; fails when there was none. */
  public FakeOpenAi.Received last() {
    if (received.isEmpty()) {
      throw new AssertionError("the fake received no request");
    }
    return received.get(received.size() - 1);
  }

  public void reset() {
    received.clear();
    caches.reset();
  }

  /** The explicit context caches this fake holds. */
  public FakeCachedContents caches() {
    return caches;
  }

  private void accept(HttpServerRequest req) {
    req.body()
        .onSuccess(
            body -> {
              Map<String, String> headers = new LinkedHashMap<>();
              req.headers()
                  .forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(), h.getValue()));
              received.add(
                  new FakeOpenAi.Received(
                      req.method().name(), req.path(), headers, body.toString()));
              FakeCachedContents.Answer cache =
                  caches.serve(req.method().name(), req.path(), body.toString());
              if (cache == null && req.path().contains("enerateContent")) {
                String model = req.path().substring(req.path().lastIndexOf('/') + 1).split(":")[0];
                cache =
                    caches.check(
                        model, new FakeOpenAi.Received("", "", Map.of(), body.toString()).json());
              }
              String answer = GEMINI_ANSWER;
              if (cache != null && cache.status() != 200) {
                req.response()
                    .setStatusCode(cache.status())
                    .putHeader("content-type", "application/json")
                    .end(cache.body());
                return;
              } else if (cache != null && !req.path().contains("enerateContent")) {
                req.response().putHeader("content-type", "application/json").end(cache.body());
                return;
              } else if (cache != null) {
                long cached = Long.parseLong(cache.body());
                answer =
                    GEMINI_ANSWER.replace(
                        "\"promptTokenCount\":3,\"candidatesTokenCount\":1,\"totalTokenCount\":4",
                        "\"promptTokenCount\":"
                            + (cached + 3)
                            + ",\"cachedContentTokenCount\":"
                            + cached
                            + ",\"candidatesTokenCount\":1,\"totalTokenCount\":"
                            + (cached + 4));
              }
              if (req.path().contains(":streamGenerateContent")) {
                req.response()
                    .putHeader("content-type", "text/event-stream")
                    .end("data: " + answer.replace("\n", "") + "\r\n\r\n");
                return;
              }
              boolean gemini = req.path().contains(":generateContent");
              boolean converse = req.path().endsWith("/converse");
              if (!gemini && !converse) {
                req.response().setStatusCode(404).end("{\"message\":\"not found\"}");
                return;
              }
              req.response()
                  .putHeader("content-type", "application/json")
                  .end(gemini ? answer : CONVERSE_ANSWER);
            });
  }

  @Override
  public void close() {
    server.close();
  }
}
