package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.route.RoutedGateway.body;
import static switchboard.route.ScriptedUpstream.okAfter;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hedging: a second target gets the request when the first is slow to its first token. */
class HedgingIT {

  private static ScriptedUpstream fake;
  private static RoutedGateway gw;

  @BeforeAll
  static void start() throws Exception {
    fake = new ScriptedUpstream();
    gw =
        RoutedGateway.start(
            """
        providers:
          fake: {vendor: custom, base_url: "http://127.0.0.1:%d/v1"}
        policies:
          hedged: {kind: fallback, hedge: {after_ms: 100}, targets: [fake/slow, fake/fast]}
          hedged-stream: {kind: fallback, hedge: {after_ms: 100}, targets: [fake/slow-s, fake/fast-s]}
          unhedged: {kind: fallback, targets: [fake/slow-u, fake/fast-u]}
        """
                .formatted(fake.port()));
    fake.script("slow", okAfter(2_000));
    fake.script("slow-s", okAfter(2_000));
    fake.script("slow-u", okAfter(600));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    fake.close();
  }

  @Test
  void theHedgeWinsOverASlowPrimaryAndBothAreAccounted() throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> r = gw.chat(body("policy/hedged", false, null));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-switchboard-model")).hasValue("fake/fast");
    assertThat(r.headers().firstValue("x-switchboard-attempts")).hasValue("2");
    assertThat(millis).isBetween(100L, 1_500L);
    java.util.List<Long> slow = fake.arrivals("slow");
    java.util.List<Long> fast = fake.arrivals("fast");
    long gap = (fast.get(fast.size() - 1) - slow.get(slow.size() - 1)) / 1_000_000;
    assertThat(gap).as("the hedge is sent after the delay").isBetween(90L, 1_000L);
  }

  @Test
  void aHedgedStreamCommitsToTheFirstContent() throws Exception {
    HttpResponse<String> r = gw.chat(body("policy/hedged-stream", true, null));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-switchboard-model")).hasValue("fake/fast-s");
    assertThat(r.body()).contains("Hello from fast-s").endsWith("data: [DONE]\n\n");
  }

  @Test
  void withoutHedgingTheSlowPrimaryServes() throws Exception {
    HttpResponse<String> r = gw.chat(body("policy/unhedged", false, null));
    assertThat(r.headers().firstValue("x-switchboard-model")).hasValue("fake/slow-u");
    assertThat(fake.calls("fast-u")).isZero();
  }

  @Test
  void requestsWithSideEffectsAreNeverHedged() throws Exception {
    fake.script("slow", okAfter(400));
    HttpResponse<String> r = gw.chat(body("policy/hedged", false, "'store':true"));
    assertThat(r.headers().firstValue("x-switchboard-model")).hasValue("fake/slow");
    fake.script("slow", okAfter(2_000));
  }
}
