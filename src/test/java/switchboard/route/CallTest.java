package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayOptions;
import switchboard.pipeline.Operation;
import switchboard.provider.Failure;
import switchboard.provider.ProviderConfig;
import switchboard.provider.compatible.OpenAiCompatibleProvider;
import switchboard.provider.compatible.Vendors;
import switchboard.upstream.Timeouts;
import switchboard.upstream.UpstreamClient;

/**
 * One upstream call on its own, against a loopback upstream the test scripts: what it sends, and
 * how each kind of answer comes back (a complete answer, a stream at its commit point, an error
 * classified, a body that is not JSON, an upstream that never answers).
 */
class CallTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-call-test-upstream-key";

  private static Vertx vertx;
  private static HttpServer server;
  private static UpstreamClient upstream;
  private static final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private static volatile Consumer<HttpServerRequest> script;

  record Received(String path, String authorization, JsonNode body) {}

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        Loopback.listen(
            vertx,
            req ->
                req.body()
                    .onSuccess(
                        body -> {
                          try {
                            received.add(
                                new Received(
                                    req.path(),
                                    req.getHeader("authorization"),
                                    JSON.readTree(body.getBytes())));
                          } catch (Exception e) {
                            received.add(new Received(req.path(), null, null));
                          }
                          script.accept(req);
                        }));
    upstream = new UpstreamClient(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  private static Target target(Timeouts timeouts) {
    OpenAiCompatibleProvider provider =
        new OpenAiCompatibleProvider(
            new ProviderConfig(
                "up",
                "custom",
                KEY,
                "http://127.0.0.1:" + server.actualPort() + "/v1",
                null,
                List.of(),
                Map.of()),
            Vendors.find("custom").orElseThrow());
    return new Target(provider, "model-a", timeouts, Retry.NONE, null, 0);
  }

  private static Exchange exchange(boolean stream) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", "up/model-a");
    body.putArray("messages").addObject().put("role", "user").put("content", "Hi");
    if (stream) {
      body.put("stream", true);
    }
    return new Exchange(
        "req-call-" + System.nanoTime(),
        0,
        0,
        Operation.CHAT,
        "key-1",
        body,
        "up/model-a",
        List.of(),
        stream,
        false,
        GatewayOptions.NONE);
  }

  /** Starts a call on an event loop and waits for its outcome (the failure, when it fails). */
  private static Object outcome(Consumer<HttpServerRequest> answer, boolean stream, Timeouts t)
      throws Exception {
    received.clear();
    script = answer;
    CompletableFuture<Object> out = new CompletableFuture<>();
    vertx.runOnContext(
        v -> {
          Future<Served> served =
              new Call(vertx, upstream, System::nanoTime, exchange(stream), target(t), 1).start();
          served.onComplete(r -> out.complete(r.succeeded() ? r.result() : r.cause()));
        });
    return out.get(20, TimeUnit.SECONDS);
  }

  private static Object outcome(Consumer<HttpServerRequest> answer, boolean stream)
      throws Exception {
    return outcome(answer, stream, Timeouts.DEFAULT);
  }

  private static final String ANSWER =
      "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"model-a-2026\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
          + "\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";

  private static Consumer<HttpServerRequest> reply(int status, String body) {
    return req ->
        req.response()
            .setStatusCode(status)
            .putHeader("content-type", "application/json")
            .end(body);
  }

  @Test
  void aCompleteAnswerIsServedWithItsUsageAndTheRequestNamesTheUpstreamModel() throws Exception {
    Object out = outcome(reply(200, ANSWER), false);

    assertThat(out).isInstanceOf(Served.Complete.class);
    Served.Complete complete = (Served.Complete) out;
    assertThat(complete.usage().input()).isEqualTo(5);
    assertThat(complete.usage().output()).isEqualTo(1);
    assertThat(complete.servedModel()).isEqualTo("model-a-2026");
    assertThat(complete.bytes().toString()).isEqualTo(ANSWER); // untouched: no quirk applies
    Received sent = received.poll();
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.authorization()).isEqualTo("Bearer " + KEY);
    assertThat(sent.body().get("model").asText())
        .as("the provider's own model name, not provider/model")
        .isEqualTo("model-a");
  }

  @Test
  void anUpstreamErrorIsClassifiedSoTheDispatcherKnowsWhetherToFailOver() throws Exception {
    Object overloaded =
        outcome(reply(529, "{\"error\":{\"message\":\"busy\",\"type\":\"overloaded\"}}"), false);
    Object rateLimited =
        outcome(reply(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate\"}}"), false);
    Object rejected =
        outcome(reply(401, "{\"error\":{\"message\":\"bad key\",\"type\":\"auth\"}}"), false);

    assertThat(((UpstreamFailure) rateLimited).error().failure()).isEqualTo(Failure.RATE_LIMITED);
    assertThat(((UpstreamFailure) rejected).error().failure()).isEqualTo(Failure.KEY_REJECTED);
    assertThat(((UpstreamFailure) overloaded).error().failure())
        .isIn(Failure.OVERLOADED, Failure.SERVER_ERROR);
    assertThat(((UpstreamFailure) rejected).error().message()).doesNotContain(KEY);
  }

  @Test
  void aTwoHundredThatIsNotJsonIsAProviderFaultNeverAnAnswer() throws Exception {
    Object out = outcome(reply(200, "<html>gateway error</html>"), false);
    assertThat(out).isInstanceOf(UpstreamFailure.class);
    assertThat(((UpstreamFailure) out).error().failure()).isEqualTo(Failure.BAD_RESPONSE);
  }

  @Test
  void aStreamIsServedAtItsFirstContent() throws Exception {
    Object out =
        outcome(
            req -> {
              var res =
                  req.response().setChunked(true).putHeader("content-type", "text/event-stream");
              res.write(
                  "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"model-a\","
                      + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
                      + "\"finish_reason\":null}]}\n\n");
              // the rest comes much later: the call must not wait for it
              vertx.setTimer(
                  3_000,
                  t ->
                      res.end(
                          "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":"
                              + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                              + "data: [DONE]\n\n"));
            },
            true);
    assertThat(out).isInstanceOf(Served.Streaming.class);
    StreamRelay relay = ((Served.Streaming) out).relay();
    assertThat(relay.relayedText()).isEqualTo("Hi");
    assertThat(relay.finishReason()).as("committed before the end arrived").isNull();
    assertThat(received.poll().body().path("stream").asBoolean()).isTrue();
  }

  @Test
  void anUpstreamThatNeverAnswersIsCutAtTheFirstTokenTimeout() throws Exception {
    Timeouts quick =
        new Timeouts(
            Duration.ofSeconds(2),
            Duration.ofMillis(300),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    long started = System.nanoTime();
    Object out = outcome(req -> {}, false, quick); // accepts, reads, never answers
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(out).isInstanceOf(UpstreamFailure.class);
    assertThat(((UpstreamFailure) out).error().failure()).isEqualTo(Failure.TIMEOUT);
    assertThat(tookMillis)
        .as("bounded by the first-token timeout, not the total")
        .isLessThan(10_000);
  }
}
