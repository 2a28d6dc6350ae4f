package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand streams at once through one provider (issue 17): the upstream holds every stream open
 * after its first content until all thousand have arrived, so they are truly concurrent on both
 * sides, then finishes them. Each must end in its own complete answer. (Its memory is measured by
 * {@code bench/many-streams.sh}, not asserted here.)
 */
class ManyStreamsIT {

  private static final int STREAMS = 1000;

  @TempDir Path data;
  private final Vertx vertx = Vertx.vertx();
  private GatewayFixture gw;

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aThousandConcurrentStreamsAllComplete() throws Exception {
    GatedUpstream upstream = new GatedUpstream(vertx, STREAMS, Duration.ofSeconds(90));
    // Correctness, not speed: on a busy machine a cold gateway may take longer than the default
    // 5 s to open a thousand connections, so the policy's connect timeout is generous.
    gw =
        GatewayFixture.startWithConfig(
            data,
            Map.of("OPENAI_API_KEY", "sk-up", "OPENAI_BASE_URL", upstream.baseUrl()),
            """
            policies:
              many:
                kind: fallback
                targets:
                  - {model: openai/gpt-4o-mini, timeouts: {connect_ms: 120000}}
            """);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/chat/completions"))
              .timeout(Duration.ofSeconds(180))
              .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
              .header("content-type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"model\":\"policy/many\",\"stream\":true,"
                          + "\"stream_options\":{\"include_usage\":true},"
                          + "\"messages\":[{\"role\":\"user\",\"content\":\"stream "
                          + i
                          + "\"}]}"))
              .build();
      answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(240, TimeUnit.SECONDS);

    assertThat(upstream.mostOpenAtOnce())
        .as("streams open at the upstream at the same time")
        .isEqualTo(STREAMS);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      HttpResponse<String> r = answers.get(i).get();
      String body = r.body();
      boolean whole =
          r.statusCode() == 200
              && body.contains("\"content\":\"Hello \"")
              && body.contains("\"content\":\"again.\"")
              && body.contains("\"finish_reason\":\"stop\"")
              && body.contains("\"prompt_tokens\":7")
              && body.strip().endsWith("data: [DONE]")
              && !body.contains("\"error\"");
      if (!whole) {
        wrong.add(
            i + ": " + r.statusCode() + " " + body.substring(0, Math.min(200, body.length())));
      }
    }
    assertThat(wrong).as("streams that did not end in a complete answer").isEmpty();
  }

  /**
   * An OpenAI upstream whose streams send their role and first content at once, then wait until
   * {@code gate} streams are open (or {@code patience} has passed) before they finish.
   */
  static final class GatedUpstream {

    private final HttpServer server;
    private final int gate;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private final ConcurrentLinkedQueue<HttpServerResponse> waiting = new ConcurrentLinkedQueue<>();
    private volatile boolean released;

    GatedUpstream(Vertx vertx, int gate, Duration patience) {
      this.gate = gate;
      this.server =
          vertx
              .createHttpServer()
              .requestHandler(req -> req.body().onSuccess(b -> arrived(req.response())));
      server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
      vertx.setTimer(patience.toMillis(), id -> release());
    }

    private void arrived(HttpServerResponse res) {
      res.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8");
      res.write(
          event("{\"role\":\"assistant\",\"content\":\"\"}", null)
              + event("{\"content\":\"Hello \"}", null));
      waiting.add(res);
      int now = open.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
      if (now >= gate || released) {
        release();
      }
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    int mostOpenAtOnce() {
      return most.get();
    }

    /** Finishes every waiting stream; from now on, streams finish as they arrive. */
    private void release() {
      released = true;
      for (HttpServerResponse res; (res = waiting.poll()) != null; ) {
        HttpServerResponse r = res;
        r.end(
            event("{\"content\":\"again.\"}", null)
                + event("{}", "\"stop\"")
                + "data: {\"id\":\"chatcmpl-many\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\n"
                + "data: [DONE]\n\n");
        open.decrementAndGet();
      }
    }

    private static String event(String delta, String finish) {
      return "data: {\"id\":\"chatcmpl-many\",\"object\":\"chat.completion.chunk\","
          + "\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
          + "\"delta\":"
          + delta
          + ",\"finish_reason\":"
          + (finish == null ? "null" : finish)
          + "}]}\n\n";
    }
  }
}
