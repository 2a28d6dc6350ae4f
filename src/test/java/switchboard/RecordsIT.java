package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Fault;
import switchboard.fake.Reply;

/** Every request leaves one row in SQLite's {@code requests} table, with the right facts. */
class RecordsIT {

  @TempDir static Path data;
  static FakeOpenAi openai;
  static FakeOpenAi deepseek;
  static GatewayFixture gw;

  static int runs;

  @BeforeAll
  static void start() {
    openai = FakeOpenAi.start();
    deepseek = FakeOpenAi.start();
  }

  @AfterAll
  static void stop() {
    openai.close();
    deepseek.close();
  }

  /** A fresh gateway per test: one test's scripted failures must not trip another's breaker. */
  @org.junit.jupiter.api.BeforeEach
  void startGateway() {
    openai.reset();
    deepseek.reset();
    gw =
        GatewayFixture.start(
            data.resolve("run" + runs++),
            Map.of(
                "OPENAI_API_KEY",
                "sk-fake-openai",
                "OPENAI_BASE_URL",
                openai.baseUrl(),
                "DEEPSEEK_API_KEY",
                "sk-fake-deepseek",
                "DEEPSEEK_BASE_URL",
                deepseek.baseUrl()));
  }

  @org.junit.jupiter.api.AfterEach
  void stopGateway() {
    gw.close();
  }

  private static HttpResponse<String> chat(String id, String extraFields) {
    return gw.post(
        "/v1/chat/completions",
        "{\"model\":\"openai/gpt-4o-mini\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
            + extraFields
            + "}",
        "x-request-id",
        id);
  }

  private static long number(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).longValue();
  }

  @Test
  void successWithTheSwitchboardExtension() {
    openai.then(Reply.text("ok").model("gpt-4o-mini-2024-07-18").usage(1000, 500, 200));
    HttpResponse<String> res =
        chat(
            "rec-success",
            ",\"switchboard\":{\"tags\":[\"team-a\",\"beta\"],"
                + "\"user_id\":\"user-42\",\"trace_id\":\"trace-7\",\"extra\":{\"ticket\":\"T-1\",\"n\":3}}");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("x-request-id")).contains("rec-success");

    Map<String, Object> row = gw.record("rec-success");
    assertThat(row.get("key_id")).isEqualTo("master");
    assertThat(row.get("operation")).isEqualTo("chat");
    assertThat(row.get("requested_model")).isEqualTo("openai/gpt-4o-mini");
    assertThat(row.get("provider")).isEqualTo("openai");
    assertThat(row.get("served_model")).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(number(row, "status")).isEqualTo(200);
    assertThat(row.get("error_type")).isNull();
    assertThat(number(row, "stream")).isZero();
    assertThat(row.get("ttft_ms")).isNull();
    assertThat(number(row, "input_tokens")).isEqualTo(1000);
    assertThat(number(row, "cached_tokens")).isEqualTo(200);
    assertThat(number(row, "output_tokens")).isEqualTo(500);
    assertThat(((Number) row.get("cost_usd")).doubleValue())
        .isCloseTo(
            Double.parseDouble(res.headers().firstValue("x-switchboard-cost-usd").orElseThrow()),
            org.assertj.core.data.Offset.offset(1e-12));
    assertThat(number(row, "attempt_count")).isEqualTo(1);
    JsonNode attempts = GatewayFixture.json((String) row.get("attempts"));
    assertThat(attempts.get(0).get("target").asText()).isEqualTo("openai/gpt-4o-mini");
    assertThat(attempts.get(0).get("status").asInt()).isEqualTo(200);
    assertThat(GatewayFixture.json((String) row.get("tags")))
        .isEqualTo(GatewayFixture.json("[\"team-a\",\"beta\"]"));
    assertThat(row.get("user_id")).isEqualTo("user-42");
    assertThat(row.get("trace_id")).isEqualTo("trace-7");
    assertThat(GatewayFixture.json((String) row.get("extra")))
        .isEqualTo(GatewayFixture.json("{\"ticket\":\"T-1\",\"n\":3}"));
  }

  @Test
  void requestyAliasIsStoredToo() {
    chat("rec-requesty", ",\"requesty\":{\"user_id\":\"user-r\",\"tags\":[\"x\"]}");
    Map<String, Object> row = gw.record("rec-requesty");
    assertThat(row.get("user_id")).isEqualTo("user-r");
    assertThat(row.get("tags")).isEqualTo("[\"x\"]");
  }

  @Test
  void upstreamFailure() {
    openai.then(Reply.fault(Fault.UNAVAILABLE));
    assertThat(chat("rec-failure", "").statusCode()).isEqualTo(503);
    Map<String, Object> row = gw.record("rec-failure");
    assertThat(number(row, "status")).isEqualTo(503);
    assertThat(row.get("error_type")).isNotNull();
    assertThat(row.get("provider")).isEqualTo("openai");
    assertThat(row.get("served_model")).isNull();
    assertThat(number(row, "attempt_count")).isEqualTo(1);
    JsonNode attempt = GatewayFixture.json((String) row.get("attempts")).get(0);
    assertThat(attempt.get("status").asInt()).isEqualTo(503);
    assertThat(attempt.get("failure").asText()).isEqualTo("server_error");
    assertThat(row.get("cost_usd")).isNull();
  }

  @Test
  void rejectedRequestIsRecorded() {
    HttpResponse<String> res =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"openai/gpt-4o-mini\"}",
            "x-request-id",
            "rec-invalid");
    assertThat(res.statusCode()).isEqualTo(400);
    Map<String, Object> row = gw.record("rec-invalid");
    assertThat(number(row, "status")).isEqualTo(400);
    assertThat(number(row, "attempt_count")).isZero();
    assertThat(row.get("key_id")).isEqualTo("master");
  }

  @Test
  void streamRecordsUsageAndTimeToFirstToken() {
    openai.then(Reply.text("streamed text").usage(30, 7, 0));
    HttpResponse<String> res = chat("rec-stream", ",\"stream\":true");
    assertThat(res.body()).contains("data: [DONE]");
    Map<String, Object> row = gw.record("rec-stream");
    assertThat(number(row, "status")).isEqualTo(200);
    assertThat(number(row, "stream")).isEqualTo(1);
    assertThat(row.get("ttft_ms")).isNotNull();
    assertThat(number(row, "ttft_ms")).isBetween(0L, number(row, "latency_ms"));
    assertThat(number(row, "input_tokens")).isEqualTo(30);
    assertThat(number(row, "output_tokens")).isEqualTo(7);
    assertThat(row.get("cost_usd")).isNotNull();
    assertThat(row.get("served_model")).isEqualTo("gpt-4o-mini");
  }

  @Test
  void failoverRecordsBothAttempts() {
    openai.then(Reply.fault(Fault.RATE_LIMITED));
    deepseek.then(Reply.text("backup").model("deepseek-chat").usage(11, 3, 0));
    HttpResponse<String> res = chat("rec-failover", ",\"models\":[\"deepseek/deepseek-chat\"]");
    assertThat(res.statusCode()).isEqualTo(200);
    Map<String, Object> row = gw.record("rec-failover");
    assertThat(row.get("requested_model")).isEqualTo("openai/gpt-4o-mini");
    assertThat(row.get("provider")).isEqualTo("deepseek");
    assertThat(row.get("served_model")).isEqualTo("deepseek-chat");
    assertThat(number(row, "attempt_count")).isEqualTo(2);
    JsonNode attempts = GatewayFixture.json((String) row.get("attempts"));
    assertThat(attempts.get(0).get("target").asText()).isEqualTo("openai/gpt-4o-mini");
    assertThat(attempts.get(0).get("status").asInt()).isEqualTo(429);
    assertThat(attempts.get(0).get("failure").asText()).isEqualTo("rate_limited");
    assertThat(attempts.get(1).get("target").asText()).isEqualTo("deepseek/deepseek-chat");
    assertThat(attempts.get(1).get("status").asInt()).isEqualTo(200);
    assertThat(number(row, "input_tokens")).isEqualTo(11);
  }
}
