package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Fault;
import switchboard.fake.Reply;

/**
 * Upstream faults under short timeouts: each ends within its limit, in the client's envelope or the
 * dialect's error event, never a hang and never a clean end.
 */
class UpstreamFaultsIT {

  static final long IDLE_MS = 1_000;
  static final long FIRST_TOKEN_MS = 10_000;
  static final String STREAM =
      """
      {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

  @TempDir static Path data;
  static FakeOpenAi openai;
  static int runs;
  GatewayFixture gw;

  @BeforeAll
  static void startFake() {
    openai = FakeOpenAi.start();
  }

  @AfterAll
  static void stopFake() {
    openai.close();
  }

  @BeforeEach
  void start() {
    openai.reset();
    gw =
        GatewayFixture.startWithConfig(
            data.resolve("run" + runs++),
            Map.of(
                "OPENAI_API_KEY",
                "sk-fake-openai-provider-key",
                "OPENAI_BASE_URL",
                openai.baseUrl()),
            "upstream:\n  idle_timeout_ms: "
                + IDLE_MS
                + "\n  first_token_timeout_ms: "
                + FIRST_TOKEN_MS
                + "\n  total_timeout_ms: 20000\n");
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void aStreamThatStallsAfterItsFirstContentEndsInAnErrorEventWithinTheIdleTimeout() {
    openai.then(Reply.fault(Fault.STALL_MID_STREAM));
    long started = System.nanoTime();
    HttpResponse<String> res = gw.post("/v1/chat/completions", STREAM);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    List<String> events = Sse.data(res.body());
    assertThat(events).as(res.body()).doesNotContain("[DONE]");
    assertThat(res.body()).contains("\"content\"");
    JsonNode error = GatewayFixture.json(events.get(events.size() - 1)).get("error");
    assertThat(error).as(res.body()).isNotNull();
    assertThat(error.get("message").asText()).contains("stalled");
    assertThat(tookMs).isBetween(IDLE_MS - 100, IDLE_MS + 3_000);
  }
}
