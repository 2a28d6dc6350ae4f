package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Anthropic client to an Anthropic upstream: the body goes up with every field kept and only the
 * model patched, {@code anthropic-beta} goes along, the provider key replaces the gateway key, and
 * the answer comes back as the upstream's own bytes.
 */
class AnthropicPassthroughIT {

  private static final String ANSWER =
      "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
          + "\"model\":\"claude-haiku-4-5-20251001\",\"content\":[{\"type\":\"text\",\"text\":\"Hi!\"}],"
          + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"container\":null,"
          + "\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":0,"
          + "\"cache_read_input_tokens\":2048,\"output_tokens\":3,\"service_tier\":\"standard\"}}";

  @TempDir static Path dir;
  private static Vertx vertx;
  private static HttpServer upstream;
  private static GatewayFixture gw;
  private static final AtomicReference<MultiMap> headers = new AtomicReference<>();
  private static final AtomicReference<String> body = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            b -> {
                              headers.set(req.headers());
                              body.set(b.toString());
                              req.response()
                                  .putHeader("content-type", "application/json")
                                  .end(ANSWER);
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    gw =
        GatewayFixture.start(
            dir,
            Map.of(
                "ANTHROPIC_API_KEY",
                "sk-ant-provider-key",
                "ANTHROPIC_BASE_URL",
                "http://127.0.0.1:" + upstream.actualPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theClientsBodyAndBetaHeaderGoUpAndTheAnswerComesBackUntouched() {
    HttpResponse<String> r =
        gw.post(
            "/v1/messages",
            """
        {"model":"anthropic/claude-haiku-4-5","max_tokens":64,"temperature":0.2,
         "system":[{"type":"text","text":"Long context…","cache_control":{"type":"ephemeral","ttl":"1h"}}],
         "messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]}],
         "context_management":{"edits":[]},"switchboard":{"tags":["t1"]}}""",
            "anthropic-beta",
            "context-management-2025-06-27",
            "anthropic-version",
            "2023-06-01");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(ANSWER);
    JsonNode sent = GatewayFixture.json(body.get());
    assertThat(sent.path("model").asText()).isEqualTo("claude-haiku-4-5");
    assertThat(sent.path("system").get(0).path("cache_control").path("ttl").asText())
        .isEqualTo("1h");
    assertThat(sent.path("messages").get(0).path("content").get(0).has("cache_control")).isTrue();
    assertThat(sent.has("context_management")).isTrue();
    assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(sent.has("switchboard")).isFalse();
    assertThat(headers.get().get("anthropic-beta")).isEqualTo("context-management-2025-06-27");
    assertThat(headers.get().get("x-api-key")).isEqualTo("sk-ant-provider-key");
    assertThat(headers.get().get("authorization")).isNull();
    assertThat(headers.get().get("anthropic-version")).isEqualTo("2023-06-01");

    // The answer was read on the way (a tap): the record has its usage, cache reads included.
    Map<String, Object> record = gw.record(r.headers().firstValue("x-request-id").orElseThrow());
    assertThat(((Number) record.get("input_tokens")).longValue()).isEqualTo(12 + 2048);
  }

  @Test
  void anOpenAiClientReachesTheSameUpstreamTranslatedAndNeverSendsTheBetaHeader() {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"anthropic/claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "anthropic-beta",
            "should-not-travel");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode answer = GatewayFixture.json(r.body());
    assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
    assertThat(answer.path("choices").get(0).path("message").path("content").asText())
        .isEqualTo("Hi!");
    assertThat(answer.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt())
        .isEqualTo(2048);
    assertThat(headers.get().get("anthropic-beta")).isNull();
    assertThat(GatewayFixture.json(body.get()).path("max_tokens").asInt()).isPositive();
  }
}
