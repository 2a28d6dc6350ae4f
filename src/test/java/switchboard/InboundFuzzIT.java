package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.FuzzBodies.Case;
import switchboard.FuzzBodies.Endpoint;
import switchboard.fake.FakeAnthropic;
import switchboard.fake.FakeOpenAi;

/**
 * Bad bodies on every inbound endpoint, against a real gateway on loopback and the fakes: each case
 * ({@link FuzzBodies}) must get a 4xx in the endpoint's own envelope (a 2xx only when the break
 * left the request valid), never a 5xx, within a second, with no library's text in the message; the
 * gateway must stay healthy. Seeded: {@code -Dfuzz.seed=N} (else random, always printed), {@code
 * -Dfuzz.cases=N} per endpoint (300), {@code -Dfuzz.case=chat#17} reruns one case.
 */
class InboundFuzzIT {

  static final long SEED =
      Long.getLong("fuzz.seed", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
  static final int CASES = Integer.getInteger("fuzz.cases", 300);
  static final String ONE = System.getProperty("fuzz.case", "");
  static final Duration DEADLINE = Duration.ofSeconds(1);

  /** Words that only a library's message holds (Jackson's, Netty's, a stack trace). */
  static final List<String> INTERNALS =
      List.of(
          "jackson",
          "FAIL_ON_",
          "StreamReadConstraints",
          "StreamReadFeature",
          "Exception",
          "[Source:",
          "REDACTED",
          "CTRL-CHAR",
          "(code ",
          "\tat ",
          "switchboard.http",
          "switchboard.wire",
          "java.",
          "ObjectNode",
          "JsonNode");

  @TempDir static Path data;
  static FakeOpenAi openai;
  static FakeAnthropic anthropic;
  static GatewayFixture gw;
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void start() {
    System.out.println("InboundFuzzIT: -Dfuzz.seed=" + SEED + " -Dfuzz.cases=" + CASES);
    openai = FakeOpenAi.start();
    anthropic = FakeAnthropic.start();
    gw =
        GatewayFixture.start(
            data,
            Map.of(
                "OPENAI_API_KEY",
                "sk-fake-openai-provider-key",
                "OPENAI_BASE_URL",
                openai.baseUrl(),
                "DEEPSEEK_API_KEY",
                "sk-fake-deepseek-provider-key",
                "DEEPSEEK_BASE_URL",
                openai.baseUrl(),
                "ANTHROPIC_API_KEY",
                "sk-ant-fake-provider-key",
                "ANTHROPIC_BASE_URL",
                anthropic.baseUrl()));
    for (Endpoint endpoint : Endpoint.values()) { // warm up: the deadline is for a warm gateway
      healthy(endpoint, "before the cases");
    }
  }

  @AfterAll
  static void stop() {
    gw.close();
    openai.close();
    anthropic.close();
  }

  @Test
  void everyEndpointAnswersBadBodiesWithA4xxInItsEnvelope() {
    List<String> failures = new ArrayList<>();
    if (!ONE.isBlank()) {
      String[] parts = ONE.split("#");
      Endpoint endpoint = Endpoint.of(parts[0]);
      Case c = FuzzBodies.generate(SEED, endpoint, Integer.parseInt(parts[1]));
      int status = check(c, failures);
      System.out.println("InboundFuzzIT one case: " + c.describe(SEED) + " -> " + status);
    } else {
      for (Endpoint endpoint : Endpoint.values()) {
        long start = System.nanoTime();
        int[] classes = new int[6];
        long slowest = 0;
        String slowestName = "";
        for (int i = 0; i < CASES && failures.size() <= 20; i++) {
          long t = System.nanoTime();
          Case c = FuzzBodies.generate(SEED, endpoint, i);
          classes[check(c, failures) / 100]++;
          if (System.nanoTime() - t > slowest) {
            slowest = System.nanoTime() - t;
            slowestName = c.name();
          }
        }
        System.out.printf(
            "InboundFuzzIT %s: %d cases (%d 2xx, %d 4xx, %d 5xx) in %d ms, slowest %s %d ms%n",
            endpoint.id,
            CASES,
            classes[2],
            classes[4],
            classes[5],
            (System.nanoTime() - start) / 1_000_000,
            slowestName,
            slowest / 1_000_000);
        healthy(endpoint, "after its cases");
        openai.reset();
        anthropic.reset();
      }
    }
    assertThat(failures)
        .as("fuzz cases that failed (seed %d, %d per endpoint)", SEED, CASES)
        .isEmpty();
  }

  /**
   * Trailing content after the object: our own message with where it starts, never Jackson's (which
   * named its FAIL_ON_TRAILING_TOKENS feature), on every endpoint.
   */
  @Test
  void trailingContentIsNamedInOurOwnWords() {
    for (Endpoint endpoint : Endpoint.values()) {
      HttpResponse<String> res =
          send(endpoint, "application/json", FuzzBodies.bytes(endpoint.valid + " {}"));
      String message = error(endpoint, res, 400);
      assertThat(message)
          .as(endpoint.path)
          .contains("one JSON object")
          .contains("line 1, column " + (endpoint.valid.length() + 2));
    }
  }

  /** Surrogate bytes (CESU-8) in a tool's name: a 400 in Anthropic's envelope, not a 500. */
  @Test
  void surrogateBytesInAToolNameAreA400OnCountTokens() {
    String before =
        "{\"model\":\"anthropic/claude-3-5-haiku-latest\",\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"name\":\"get";
    String after = "\",\"input_schema\":{\"type\":\"object\"}}]}";
    byte[] head = FuzzBodies.bytes(before);
    byte[] tail = FuzzBodies.bytes(after);
    byte[] body = new byte[head.length + 3 + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xED;
    body[head.length + 1] = (byte) 0xA0;
    body[head.length + 2] = (byte) 0x80;
    System.arraycopy(tail, 0, body, head.length + 3, tail.length);
    for (Endpoint endpoint : List.of(Endpoint.COUNT_TOKENS, Endpoint.MESSAGES)) {
      String message = error(endpoint, send(endpoint, "application/json", body), 400);
      assertThat(message).contains("UTF-8").contains("byte " + head.length);
    }
    String escaped = before + "\\ud800" + after;
    String message =
        error(
            Endpoint.COUNT_TOKENS,
            send(Endpoint.COUNT_TOKENS, "application/json", FuzzBodies.bytes(escaped)),
            400);
    assertThat(message).contains("surrogate");
  }

  /** count_tokens refuses a body that says it is not JSON, as the other endpoints do. */
  @Test
  void aWrongContentTypeIsA400OnEveryEndpoint() {
    for (Endpoint endpoint : Endpoint.values()) {
      String message =
          error(endpoint, send(endpoint, "text/plain", FuzzBodies.bytes(endpoint.valid)), 400);
      assertThat(message).contains("Content-Type must be application/json");
    }
  }

  /**
   * The case's answer: the status class, the envelope, the time; adds what is wrong. Returns the
   * status (0 when there was no answer).
   */
  private static int check(Case c, List<String> failures) {
    long start = System.nanoTime();
    HttpResponse<String> res;
    try {
      res = send(c.endpoint(), c.contentType(), c.body());
    } catch (AssertionError e) {
      failures.add(c.describe(SEED) + " -> " + e.getMessage());
      return 0;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String problem = problem(c, res, took);
    if (problem != null) {
      failures.add(c.describe(SEED) + " -> " + problem);
      System.out.println("InboundFuzzIT FAILED " + c.describe(SEED) + " -> " + problem);
    }
    return Math.min(Math.max(res.statusCode(), 0), 599);
  }

  /** What is wrong with the answer, or null. */
  private static String problem(Case c, HttpResponse<String> res, Duration took) {
    int status = res.statusCode();
    String summary = status + " " + abbreviate(FuzzBodies.printable(res.body()));
    if (took.compareTo(DEADLINE) > 0) {
      return "answered in " + took.toMillis() + " ms: " + summary;
    }
    if (status >= 200 && status < 300) {
      return c.kind().mustFail ? "a bad body was accepted: " + summary : null;
    }
    if (status < 400 || status >= 500) {
      return "status " + summary;
    }
    JsonNode body;
    try {
      body = GatewayFixture.json(res.body());
    } catch (AssertionError e) {
      return "not JSON: " + summary;
    }
    JsonNode error = body.path("error");
    boolean shaped =
        c.endpoint().anthropic
            ? body.path("type").asText().equals("error")
                && error.path("type").isTextual()
                && error.path("message").isTextual()
            : error.path("type").isTextual()
                && error.path("message").isTextual()
                && error.has("param")
                && error.has("code");
    if (!shaped) {
      return "not the "
          + (c.endpoint().anthropic ? "Anthropic" : "OpenAI")
          + " envelope: "
          + summary;
    }
    String message = error.path("message").asText();
    if (message.isBlank()) {
      return "an empty message: " + summary;
    }
    for (String word : INTERNALS) {
      if (message.toLowerCase().contains(word.toLowerCase())) {
        return "a library's words (" + word + ") in the message: " + summary;
      }
    }
    return null;
  }

  /** A valid request succeeds, promptly, and the liveness probe answers. */
  private static void healthy(Endpoint endpoint, String when) {
    HttpResponse<String> live =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/health/live"))
                .timeout(Duration.ofSeconds(10)) // a cold start may be slow; cases are timed
                .GET()
                .build());
    assertThat(live.statusCode()).as("/health/live %s (seed %d)", when, SEED).isEqualTo(200);
    HttpResponse<String> res = send(endpoint, "application/json", FuzzBodies.bytes(endpoint.valid));
    assertThat(res.statusCode())
        .as("a valid %s request %s (seed %d): %s", endpoint.id, when, SEED, res.body())
        .isEqualTo(200);
  }

  /** The error's message, after checking the status and the endpoint's envelope. */
  private static String error(Endpoint endpoint, HttpResponse<String> res, int status) {
    assertThat(res.statusCode()).as("%s: %s", endpoint.path, res.body()).isEqualTo(status);
    JsonNode body = GatewayFixture.json(res.body());
    if (endpoint.anthropic) {
      assertThat(body.path("type").asText()).as(res.body()).isEqualTo("error");
      assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
    } else {
      assertThat(body.path("error").path("type").asText())
          .as(res.body())
          .isEqualTo("invalid_request_error");
    }
    String message = body.path("error").path("message").asText();
    for (String word : INTERNALS) {
      assertThat(message.toLowerCase()).as(res.body()).doesNotContain(word.toLowerCase());
    }
    return message;
  }

  private static HttpResponse<String> send(Endpoint endpoint, String contentType, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gw.baseUrl() + endpoint.path))
            .timeout(Duration.ofSeconds(10))
            .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
            .header("content-type", contentType)
            .header("anthropic-version", "2023-06-01")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new AssertionError("no answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 400 ? text.substring(0, 400) + "…" : text;
  }
}
