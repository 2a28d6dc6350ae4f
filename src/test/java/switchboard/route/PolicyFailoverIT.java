package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.route.RoutedGateway.body;
import static switchboard.route.ScriptedUpstream.of;
import static switchboard.route.ScriptedUpstream.ok;
import static switchboard.route.ScriptedUpstream.status;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.route.ScriptedUpstream.Kind;

/** Outages scripted on a loopback upstream, through policies, over real HTTP. */
class PolicyFailoverIT {

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
          dead: {vendor: custom, base_url: "http://127.0.0.1:%d/v1"}
        sim: {enabled: true, latency_ms: 5, tokens_per_second: 0}
        health: {consecutive_failures: 3, cooldown_ms: 400}
        catalog:
          models:
            - {id: fake/ctx-small, context_window: 1000}
            - {id: fake/ctx-smaller, context_window: 500}
            - {id: fake/ctx-big, context_window: 100000}
        policies:
          storm: {kind: fallback, targets: [fake/storm-a, fake/storm-b]}
          ratelimit: {kind: fallback, targets: [fake/rl-a, fake/rl-b]}
          retrying: {kind: fallback, targets: [{model: fake/retry-a, retries: 2, backoff_ms: 10}, fake/retry-b]}
          overloaded: {kind: fallback, targets: [fake/ovl-a, fake/ovl-b]}
          refused: {kind: fallback, targets: [dead/x, fake/refused-b]}
          hang: {kind: fallback, targets: [{model: fake/hang-a, timeouts: {first_token_ms: 300}}, fake/hang-b]}
          early: {kind: fallback, targets: [fake/early-a, fake/early-b, fake/early-c]}
          late: {kind: fallback, targets: [fake/late-a, fake/late-b]}
          recover: {kind: fallback, targets: [fake/rec-a, fake/rec-b]}
          ctx: {kind: fallback, targets: [fake/ctx-small, fake/ctx-smaller, fake/ctx-big]}
          ctx-none: {kind: fallback, targets: [fake/ctx-small, fake/ctx-smaller]}
          params: {kind: fallback, targets: [{model: fake/params-a, params: {max_tokens: 64, temperature: null}}]}
          bad: {kind: fallback, targets: [fake/bad-a, fake/bad-b]}
        """
                .formatted(fake.port(), RoutedGateway.deadPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    fake.close();
  }

  private static String header(HttpResponse<String> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void aServiceUnavailableStormFailsOverAndOpensTheCircuit() throws Exception {
    fake.script("storm-a", status(503));
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = gw.chat(body("policy/storm", false, null));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(header(r, "x-switchboard-model")).isEqualTo("fake/storm-b");
      assertThat(r.body()).contains("Hello from storm-b");
    }
    assertThat(fake.calls("storm-a")).as("an open circuit costs no call").isEqualTo(3);
    String metrics = gw.send("GET", "/metrics", null).body();
    assertThat(metrics)
        .contains("switchboard_breaker_state{deployment=\"fake/storm-a\"} 1")
        .contains("switchboard_failovers_total{provider=\"fake\",failure=\"server_error\"}")
        .contains("switchboard_skipped_targets_total{reason=\"circuit_open\"}");
  }

  @Test
  void aRateLimitWithRetryAfterSkipsTheTargetUntilThen() throws Exception {
    fake.script("rl-a", status(429, Map.of("retry-after", "5"), "rate_limit_exceeded"));
    HttpResponse<String> first = gw.chat(body("policy/ratelimit", false, null));
    assertThat(header(first, "x-switchboard-attempts")).isEqualTo("2");
    HttpResponse<String> second = gw.chat(body("policy/ratelimit", false, null));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(header(second, "x-switchboard-attempts")).isEqualTo("1");
    assertThat(header(second, "x-switchboard-model")).isEqualTo("fake/rl-b");
    assertThat(fake.calls("rl-a")).isEqualTo(1);
  }

  @Test
  void retriesTheSameTargetNoSoonerThanItsRetryAfter() throws Exception {
    fake.script("retry-a", status(429, Map.of("retry-after-ms", "300"), null), ok());
    long started = System.nanoTime();
    HttpResponse<String> r = gw.chat(body("policy/retrying", false, null));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "x-switchboard-model")).isEqualTo("fake/retry-a");
    assertThat(header(r, "x-switchboard-attempts")).isEqualTo("2");
    assertThat(millis).isGreaterThanOrEqualTo(300);
    assertThat(fake.calls("retry-b")).isZero();
  }

  @Test
  void overloaded529FailsOver() throws Exception {
    fake.script("ovl-a", status(529));
    HttpResponse<String> r = gw.chat(body("policy/overloaded", true, null));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "x-switchboard-model")).isEqualTo("fake/ovl-b");
    assertThat(r.body()).contains("Hello from ovl-b").endsWith("data: [DONE]\n\n");
  }

  @Test
  void aRefusedConnectionFailsOver() throws Exception {
    HttpResponse<String> r = gw.chat(body("policy/refused", false, null));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "x-switchboard-model")).isEqualTo("fake/refused-b");
    assertThat(header(r, "x-switchboard-attempts")).isEqualTo("2");
  }

  @Test
  void aHangingTargetTimesOutAtItsFirstTokenLimit() throws Exception {
    fake.script("hang-a", of(Kind.HANG));
    long started = System.nanoTime();
    HttpResponse<String> r = gw.chat(body("policy/hang", true, null));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "x-switchboard-model")).isEqualTo("fake/hang-b");
    assertThat(millis).isBetween(300L, 3_000L);
  }

  @Test
  void streamsFailingBeforeTheirFirstContentAreSwitchedInvisibly() throws Exception {
    fake.script("early-a", of(Kind.STREAM_ERROR_EVENT));
    fake.script("early-b", of(Kind.STREAM_CUT_BEFORE_CONTENT));
    HttpResponse<String> r = gw.chat(body("policy/early", true, null));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "x-switchboard-attempts")).isEqualTo("3");
    assertThat(r.body())
        .contains("Hello from early-c")
        .doesNotContain("error")
        .endsWith("data: [DONE]\n\n");
  }

  @Test
  void aStreamBrokenAfterContentEndsWithAnErrorEventAndNoDone() throws Exception {
    fake.script("late-a", of(Kind.STREAM_CUT_AFTER_CONTENT));
    HttpResponse<String> r = gw.chat(body("policy/late", true, null));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("partial answer")
        .contains("\"code\":\"stream_broken\"")
        .doesNotContain("[DONE]");
    assertThat(fake.calls("late-b")).isZero();
  }

  @Test
  void theCircuitClosesAfterASuccessfulHalfOpenProbe() throws Exception {
    fake.script("rec-a", status(503), status(503), status(503), ok());
    for (int i = 0; i < 3; i++) {
      assertThat(header(gw.chat(body("policy/recover", false, null)), "x-switchboard-model"))
          .isEqualTo("fake/rec-b");
    }
    assertThat(gw.send("GET", "/admin/v1/health", null).body())
        .contains("\"deployment\":\"fake/rec-a\",\"breaker\":\"open\"");
    assertThat(header(gw.chat(body("policy/recover", false, null)), "x-switchboard-model"))
        .isEqualTo("fake/rec-b");
    Thread.sleep(450); // the cooldown, on the real clock (the logic is unit-tested on a fake one)
    assertThat(header(gw.chat(body("policy/recover", false, null)), "x-switchboard-model"))
        .isEqualTo("fake/rec-a");
    assertThat(gw.send("GET", "/admin/v1/health", null).body())
        .contains("\"deployment\":\"fake/rec-a\",\"breaker\":\"closed\"");
  }

  @Test
  void aPromptTooLongGoesOnlyToALargerContextWindow() throws Exception {
    fake.script("ctx-small", status(400, Map.of(), "context_length_exceeded"));
    HttpResponse<String> r = gw.chat(body("policy/ctx", false, null));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "x-switchboard-model")).isEqualTo("fake/ctx-big");
    assertThat(fake.calls("ctx-smaller")).isZero();

    HttpResponse<String> none = gw.chat(body("policy/ctx-none", false, null));
    assertThat(none.statusCode()).as("no larger window left: the provider's 400").isEqualTo(400);
    assertThat(none.body()).contains("context_length_exceeded");
    assertThat(fake.calls("ctx-smaller")).isZero();
  }

  @Test
  void aClientErrorDoesNotFailOver() throws Exception {
    fake.script("bad-a", status(400, Map.of(), "invalid_value"));
    HttpResponse<String> r = gw.chat(body("policy/bad", false, null));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(fake.calls("bad-b")).isZero();
  }

  @Test
  void parameterOverridesReachTheTarget() throws Exception {
    HttpResponse<String> r =
        gw.chat(body("policy/params", false, "'max_tokens':4000,'temperature':0.5"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(fake.bodies("params-a").get(0).path("max_tokens").asInt()).isEqualTo(64);
    assertThat(fake.bodies("params-a").get(0).has("temperature")).isFalse();
  }

  @Test
  void whenEverythingFailsThe503NamesEachAttempt() throws Exception {
    fake.script("all-a", status(502));
    HttpResponse<String> r = gw.chat(body("fake/all-a", false, "'models':['dead/all-b']"));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body())
        .contains("All 2 attempts failed")
        .contains("fake/all-a: 502 server_error")
        .contains("dead/all-b: connect");
    assertThat(header(r, "x-switchboard-attempts")).isEqualTo("2");
  }
}
