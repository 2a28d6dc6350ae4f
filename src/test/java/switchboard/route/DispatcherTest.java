package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.GatewayOptions;
import switchboard.pipeline.Operation;
import switchboard.provider.ProviderConfig;
import switchboard.provider.compatible.OpenAiCompatibleProvider;
import switchboard.provider.compatible.Vendors;
import switchboard.upstream.Timeouts;
import switchboard.upstream.UpstreamClient;

/**
 * The dispatcher on its own: a plan of two targets on one loopback upstream (told apart by path),
 * each answering what the test sets. Failover on a provider fault, none on the caller's own error,
 * every attempt recorded on the exchange, and the last failure reported when all fail.
 */
class DispatcherTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static Dispatcher dispatcher;

  /** Per target name ("first", "second"): the status and body it answers. */
  private static final Map<String, String[]> answers = new ConcurrentHashMap<>();

  private static final ConcurrentLinkedQueue<String> called = new ConcurrentLinkedQueue<>();

  private static final String OK =
      "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        Loopback.listen(
            vertx,
            req -> {
              String name = req.path().split("/")[1];
              called.add(name);
              String[] answer = answers.getOrDefault(name, new String[] {"200", OK});
              req.response()
                  .setStatusCode(Integer.parseInt(answer[0]))
                  .putHeader("content-type", "application/json")
                  .end(answer[1]);
            });
    dispatcher = new Dispatcher(vertx, new UpstreamClient(vertx), System::nanoTime);
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  @BeforeEach
  void reset() {
    answers.clear();
    called.clear();
  }

  private static Target target(String name) {
    return new Target(
        new OpenAiCompatibleProvider(
            new ProviderConfig(
                name,
                "custom",
                "sk-" + name,
                "http://127.0.0.1:" + server.actualPort() + "/" + name + "/v1",
                null,
                List.of(),
                Map.of()),
            Vendors.find("custom").orElseThrow()),
        "m",
        Timeouts.DEFAULT,
        Retry.NONE,
        null,
        0);
  }

  private static Exchange exchange() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putArray("messages").addObject().put("role", "user").put("content", "Hi");
    return new Exchange(
        "req-" + System.nanoTime(),
        0,
        0,
        Operation.CHAT,
        "key-1",
        body,
        "first/m",
        List.of(),
        false,
        false,
        GatewayOptions.NONE);
  }

  /** Dispatches on an event loop; the served answer, or the failure. */
  private static Object dispatch(Exchange exchange, String... targets) throws Exception {
    CompletableFuture<Object> out = new CompletableFuture<>();
    List<Target> plan = java.util.Arrays.stream(targets).map(DispatcherTest::target).toList();
    vertx.runOnContext(
        v ->
            dispatcher
                .dispatch(exchange, plan)
                .onComplete(r -> out.complete(r.succeeded() ? r.result() : r.cause())));
    return out.get(20, TimeUnit.SECONDS);
  }

  @Test
  void aProviderFaultFailsOverToTheNextTargetAndBothAttemptsAreRecorded() throws Exception {
    answers.put("first", new String[] {"503", "{\"error\":{\"message\":\"down\"}}"});
    Exchange exchange = exchange();
    Object out = dispatch(exchange, "first", "second");

    assertThat(out).isInstanceOf(Served.Complete.class);
    assertThat(((Served.Complete) out).target().provider().id()).isEqualTo("second");
    assertThat(called).containsExactly("first", "second");
    List<Attempt> attempts = Attempt.made(exchange);
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).failed()).isTrue();
    assertThat(attempts.get(0).status()).isEqualTo(503);
    assertThat(attempts.get(1).failed()).isFalse();
  }

  @Test
  void theCallersOwnErrorIsNotFailedOver() throws Exception {
    answers.put(
        "first",
        new String[] {
          "400", "{\"error\":{\"message\":\"messages: bad\",\"type\":\"invalid_request_error\"}}"
        });
    Exchange exchange = exchange();
    Object out = dispatch(exchange, "first", "second");

    assertThat(out).isInstanceOf(GatewayException.class);
    assertThat(((GatewayException) out).status()).isEqualTo(400);
    assertThat(called).as("another provider would refuse it too").containsExactly("first");
    assertThat(Attempt.made(exchange)).hasSize(1);
  }

  @Test
  void whenEveryTargetFailsTheLastFailureIsReportedAfterTryingEachOnce() throws Exception {
    answers.put("first", new String[] {"503", "{\"error\":{\"message\":\"down\"}}"});
    answers.put("second", new String[] {"429", "{\"error\":{\"message\":\"slow down\"}}"});
    Exchange exchange = exchange();
    Object out = dispatch(exchange, "first", "second");

    assertThat(out).isInstanceOf(GatewayException.class);
    assertThat(((GatewayException) out).status()).isIn(429, 502, 503);
    assertThat(called).containsExactly("first", "second");
    assertThat(Attempt.made(exchange)).hasSize(2).allMatch(Attempt::failed);
  }
}
