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

/**
 * The request log and the analytics over real requests (SPEC §4): a tagged success, a stream, a
 * failover and a client error go through the gateway; the admin API then lists, pages, shows and
 * adds them up.
 */
class AnalyticsIT {

  @TempDir static Path data;
  static FakeOpenAi openai;
  static FakeOpenAi deepseek;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    openai = FakeOpenAi.start();
    deepseek = FakeOpenAi.start();
    gw =
        GatewayFixture.start(
            data,
            Map.of(
                "OPENAI_API_KEY",
                "sk-fake-openai",
                "OPENAI_BASE_URL",
                openai.baseUrl(),
                "DEEPSEEK_API_KEY",
                "sk-fake-deepseek",
                "DEEPSEEK_BASE_URL",
                deepseek.baseUrl()));
    openai.then(Reply.text("ok").model("gpt-4o-mini-2024-07-18").usage(1000, 500, 200));
    chat("an-tagged", ",\"switchboard\":{\"tags\":[\"team-a\",\"prod\"]}");
    openai.then(Reply.text("streamed text").usage(30, 7, 0));
    chat("an-stream", ",\"stream\":true");
    openai.then(Reply.fault(Fault.RATE_LIMITED));
    deepseek.then(Reply.text("backup").model("deepseek-chat").usage(11, 3, 0));
    chat("an-failover", ",\"models\":[\"deepseek/deepseek-chat\"]");
    gw.post("/v1/chat/completions", "{\"model\":\"openai/gpt-4o-mini\"}", "x-request-id", "an-bad");
    for (String id : new String[] {"an-tagged", "an-stream", "an-failover", "an-bad"}) {
      gw.record(id);
    }
  }

  @AfterAll
  static void stop() {
    gw.close();
    openai.close();
    deepseek.close();
  }

  private static void chat(String id, String extra) {
    HttpResponse<String> res =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                + extra
                + "}",
            "x-request-id",
            id);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
  }

  private static JsonNode get(String path) {
    HttpResponse<String> res = gw.get(path);
    assertThat(res.statusCode()).as(path + ": " + res.body()).isEqualTo(200);
    return GatewayFixture.json(res.body());
  }

  @Test
  void theLogListsNewestFirstAndPagesWithTheCursor() {
    JsonNode first = get("/admin/v1/requests?limit=3");
    assertThat(first.get("data")).hasSize(3);
    assertThat(first.get("data").get(0).get("id").asText()).isEqualTo("an-bad");
    assertThat(first.get("next_cursor").isTextual()).isTrue();
    JsonNode second = get("/admin/v1/requests?limit=3&cursor=" + first.get("next_cursor").asText());
    assertThat(second.get("data")).hasSize(1);
    assertThat(second.get("data").get(0).get("id").asText()).isEqualTo("an-tagged");
    assertThat(second.get("next_cursor").isNull()).isTrue();

    JsonNode tagged = second.get("data").get(0);
    assertThat(tagged.get("model").asText()).isEqualTo("openai/gpt-4o-mini");
    assertThat(tagged.get("served_model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(tagged.get("provider").asText()).isEqualTo("openai");
    assertThat(tagged.get("status").asInt()).isEqualTo(200);
    assertThat(tagged.get("stream").asBoolean()).isFalse();
    assertThat(tagged.get("attempts").asInt()).isEqualTo(1);
    assertThat(tagged.get("ttft_ms").isNull()).isTrue();
    assertThat(tagged.get("tokens").get("input").asLong()).isEqualTo(1000);
    assertThat(tagged.get("tokens").get("cached").asLong()).isEqualTo(200);
    assertThat(tagged.get("cost_usd").asDouble()).isPositive();
    assertThat(tagged.get("cache").asText()).isEqualTo("bypass");
    assertThat(tagged.get("tags").toString()).isEqualTo("[\"team-a\",\"prod\"]");
    assertThat(tagged.has("prompt")).as("no prompt text unless prompt logging is on").isFalse();
  }

  @Test
  void filtersNarrowTheLog() {
    assertThat(get("/admin/v1/requests?tag=prod").get("data")).hasSize(1);
    assertThat(get("/admin/v1/requests?provider=deepseek").get("data").get(0).get("id").asText())
        .isEqualTo("an-failover");
    assertThat(get("/admin/v1/requests?status=4xx").get("data").get(0).get("id").asText())
        .isEqualTo("an-bad");
    assertThat(get("/admin/v1/requests?model=deepseek/deepseek-chat").get("data")).hasSize(1);
    assertThat(
            get("/admin/v1/requests?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z").get("data"))
        .isEmpty();
  }

  @Test
  void oneRequestShowsItsAttempts() {
    JsonNode r = get("/admin/v1/requests/an-failover");
    assertThat(r.get("failover").asBoolean()).isTrue();
    assertThat(r.get("attempts")).hasSize(2);
    assertThat(r.get("attempts").get(0).get("target").asText()).isEqualTo("openai/gpt-4o-mini");
    assertThat(r.get("attempts").get(0).get("outcome").asText()).isEqualTo("rate_limited");
    assertThat(r.get("attempts").get(1).get("outcome").asText()).isEqualTo("ok");
    assertThat(r.get("attempts").get(1).get("latency_ms").asLong()).isNotNegative();
    JsonNode stream = get("/admin/v1/requests/an-stream");
    assertThat(stream.get("ttft_ms").asLong()).isBetween(0L, stream.get("latency_ms").asLong());

    HttpResponse<String> missing = gw.get("/admin/v1/requests/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(GatewayFixture.json(missing.body()).at("/error/code").asText())
        .isEqualTo("request_not_found");
  }

  @Test
  void overviewBreakdownAndTimeSeriesAddUp() {
    JsonNode o = get("/admin/v1/analytics/overview");
    assertThat(o.get("requests").asLong()).isEqualTo(4);
    assertThat(o.get("errors").asLong()).isEqualTo(1);
    assertThat(o.get("error_rate").asDouble()).isEqualTo(0.25);
    assertThat(o.at("/tokens/input").asLong()).isEqualTo(1041);
    assertThat(o.get("failover_rate").asDouble()).isEqualTo(1.0 / 3);
    assertThat(o.get("cache_hit_rate").asDouble()).isEqualTo(200.0 / 1041);
    assertThat(o.at("/latency_ms/p50").isNumber()).isTrue();
    assertThat(o.at("/ttft_ms/p99").isNumber()).isTrue();

    JsonNode b = get("/admin/v1/analytics/breakdown?by=provider"); // openai 2, deepseek 1, none 1
    assertThat(b.get("rows").get(0).get("value").asText()).isEqualTo("openai");
    assertThat(b.get("rows").get(0).get("requests").asLong()).isEqualTo(2);

    JsonNode t = get("/admin/v1/analytics/timeseries?bucket=1h");
    long sum = 0;
    for (JsonNode bucket : t.get("buckets")) {
      sum += bucket.get("requests").asLong();
      assertThat(bucket.get("start").asText()).endsWith(":00:00Z");
    }
    assertThat(sum).isEqualTo(4);
  }

  @Test
  void badParametersAre400sNamingThem() {
    for (String[] c :
        new String[][] {
          {"/admin/v1/analytics/breakdown?by=colour", "by"},
          {"/admin/v1/analytics/timeseries?bucket=5m", "bucket"},
          {"/admin/v1/analytics/overview?from=yesterday", "from"},
          {"/admin/v1/requests?limit=0", "limit"},
          {"/admin/v1/requests?cursor=zzz", "cursor"},
          {"/admin/v1/requests?status=teapot", "status"}
        }) {
      HttpResponse<String> res = gw.get(c[0]);
      assertThat(res.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(GatewayFixture.json(res.body()).at("/error/param").asText()).isEqualTo(c[1]);
    }
  }
}
