package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-key RPM and TPM limits as the official OpenAI SDK sees them, with and without retries. */
class RateLimitIT {

  static final String YAML = "sim: {enabled: true, latency_ms: 0, tokens_per_second: 0}\n";
  static final ChatCompletionCreateParams HELLO =
      ChatCompletionCreateParams.builder()
          .model("sim/gpt-4o-mini")
          .addUserMessage("Hello!")
          .build();

  @TempDir Path data;

  @Test
  void requestsPerMinuteThroughTheSdk() throws Exception {
    MutableClock clock = new MutableClock();
    clock.set(Instant.parse("2026-07-01T10:00:05Z"));
    try (GovernanceHarness gw = new GovernanceHarness(data, YAML, Map.of(), clock)) {
      String secret =
          gw.createKey("{\"name\":\"rpm2\",\"rate_limits\":{\"rpm\":2}}").get("secret").asText();
      OpenAIClient noRetries =
          OpenAIOkHttpClient.builder()
              .baseUrl(gw.base() + "/v1")
              .apiKey(secret)
              .maxRetries(0)
              .build();
      noRetries.chat().completions().create(HELLO);
      noRetries.chat().completions().create(HELLO);
      assertThatThrownBy(() -> noRetries.chat().completions().create(HELLO))
          .isInstanceOfSatisfying(
              RateLimitException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(429);
                assertThat(Long.parseLong(e.headers().values("retry-after").get(0)))
                    .isBetween(50L, 55L);
                assertThat(e.headers().values("x-ratelimit-limit-requests")).containsExactly("2");
                assertThat(e.headers().values("x-ratelimit-remaining-requests"))
                    .containsExactly("0");
                assertThat(e.headers().values("x-ratelimit-reset-requests").get(0))
                    .matches("5\\d(\\.\\d+)?s");
                assertThat(e.code()).hasValue("rate_limit_exceeded");
              });
      // The next window lets requests through again.
      clock.set(Instant.parse("2026-07-01T10:01:00Z"));
      noRetries.chat().completions().create(HELLO);

      // With its default retries the SDK waits the retry-after (rounded up to whole seconds, so
      // it lands in the next window) and succeeds; the gateway answered one 429 on the way.
      String one =
          gw.createKey("{\"name\":\"rpm1\",\"rate_limits\":{\"rpm\":1}}").get("secret").asText();
      OpenAIClient retrying =
          OpenAIOkHttpClient.builder().baseUrl(gw.base() + "/v1").apiKey(one).build();
      long before = count429(gw);
      clock.set(Instant.parse("2026-07-01T10:02:58.500Z"));
      retrying.chat().completions().create(HELLO);
      long started = System.nanoTime();
      assertThat(retrying.chat().completions().create(HELLO).choices()).isNotEmpty();
      assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1000);
      assertThat(count429(gw) - before).isEqualTo(1);
    }
  }

  @Test
  void tokensPerMinuteCarryTokenHeaders() throws Exception {
    MutableClock clock = new MutableClock();
    clock.set(Instant.parse("2026-07-01T10:00:05Z"));
    try (GovernanceHarness gw = new GovernanceHarness(data, YAML, Map.of(), clock)) {
      String secret =
          gw.createKey("{\"name\":\"tpm\",\"rate_limits\":{\"tpm\":30,\"rpm\":100}}")
              .get("secret")
              .asText();
      GovernanceHarness.Reply first = gw.chat(secret, "sim/gpt-4o-mini", "\"max_tokens\":20");
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("x-ratelimit-limit-tokens")).isEqualTo("30");
      assertThat(first.header("x-ratelimit-limit-requests")).isEqualTo("100");
      assertThat(first.header("x-ratelimit-remaining-requests")).isEqualTo("99");
      GovernanceHarness.Reply second = gw.chat(secret, "sim/gpt-4o-mini", "\"max_tokens\":20");
      assertThat(second.status()).isEqualTo(429);
      assertThat(second.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
      assertThat(second.json().at("/error/message").asText()).contains("tokens per minute");
      assertThat(second.header("retry-after")).isNotNull();
      // What is left in the window is less than the request asks for (prompt + max_tokens).
      assertThat(Long.parseLong(second.header("x-ratelimit-remaining-tokens"))).isBetween(0L, 20L);
      assertThat(second.header("x-ratelimit-reset-tokens")).endsWith("s");
      // The refused request gave its request slot back.
      assertThat(second.header("x-ratelimit-remaining-requests")).isEqualTo("99");
    }
  }

  static final java.util.List<String> SIX =
      java.util.List.of(
          "x-ratelimit-limit-requests",
          "x-ratelimit-remaining-requests",
          "x-ratelimit-reset-requests",
          "x-ratelimit-limit-tokens",
          "x-ratelimit-remaining-tokens",
          "x-ratelimit-reset-tokens");

  @Test
  void aRequestLimitRefusalCarriesTheTokenHeadersToo() throws Exception {
    MutableClock clock = new MutableClock();
    clock.set(Instant.parse("2026-07-01T10:00:05Z"));
    try (GovernanceHarness gw = new GovernanceHarness(data, YAML, Map.of(), clock)) {
      String secret =
          gw.createKey("{\"name\":\"both\",\"rate_limits\":{\"rpm\":1,\"tpm\":100000}}")
              .get("secret")
              .asText();
      OpenAIClient noRetries =
          OpenAIOkHttpClient.builder()
              .baseUrl(gw.base() + "/v1")
              .apiKey(secret)
              .maxRetries(0)
              .build();
      noRetries.chat().completions().create(HELLO);
      assertThatThrownBy(() -> noRetries.chat().completions().create(HELLO))
          .isInstanceOfSatisfying(
              RateLimitException.class,
              e -> {
                assertThat(e.getMessage()).contains("requests per minute");
                for (String name : SIX) {
                  assertThat(e.headers().values(name)).as(name).hasSize(1);
                }
                assertThat(e.headers().values("x-ratelimit-remaining-requests"))
                    .containsExactly("0");
                assertThat(e.headers().values("x-ratelimit-limit-tokens"))
                    .containsExactly("100000");
                long left =
                    Long.parseLong(e.headers().values("x-ratelimit-remaining-tokens").get(0));
                assertThat(left).as("the first request's tokens are counted").isLessThan(100000);
              });
    }
  }

  @Test
  void aBudgetRefusalOfARateLimitedKeyCarriesAllSixHeaders() throws Exception {
    MutableClock clock = new MutableClock();
    clock.set(Instant.parse("2026-07-01T10:00:05Z"));
    try (GovernanceHarness gw = new GovernanceHarness(data, YAML, Map.of(), clock)) {
      String secret =
          gw.createKey(
                  "{\"name\":\"spent\",\"budget\":{\"limit_usd\":0.00001},"
                      + "\"rate_limits\":{\"rpm\":100,\"tpm\":100000}}")
              .get("secret")
              .asText();
      assertThat(gw.chat(secret, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      GovernanceHarness.Reply refused = gw.chat(secret, "sim/gpt-4o-mini", null);
      assertThat(refused.status()).isEqualTo(402);
      for (String name : SIX) {
        assertThat(refused.header(name)).as(name).isNotNull();
      }
      assertThat(refused.header("x-ratelimit-remaining-requests")).isEqualTo("99");
    }
  }

  private static long count429(GovernanceHarness gw) throws Exception {
    String metrics =
        gw.http
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.base() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m =
        Pattern.compile("switchboard_requests_total\\{operation=\"chat\",status=\"429\"} (\\d+)")
            .matcher(metrics);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
