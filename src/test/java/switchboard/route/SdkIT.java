package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end with the official OpenAI Java SDK: failover needs no code change in the app. */
class SdkIT {

  private static RoutedGateway gw;
  private static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    gw =
        RoutedGateway.start(
            """
        sim: {enabled: true, latency_ms: 1, tokens_per_second: 0}
        policies:
          resilient:
            kind: fallback
            targets: [sim/down, sim/rate-limited, sim/bad-key, sim/gpt-4o-mini]
          streamy: {kind: fallback, targets: [sim/down-2, sim/error-event, sim/gpt-4o-mini]}
          broken: {kind: fallback, targets: [sim/broken-stream, sim/gpt-4o-mini]}
          fast:
            kind: latency
            explore: 0
            targets: [sim/echo-250ms, sim/echo-10ms]
          guard: {kind: fallback, keys: [master], targets: [sim/overloaded, sim/echo]}
        """);
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(gw.base() + "/v1")
            .apiKey(RoutedGateway.KEY)
            .maxRetries(0)
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    gw.close();
  }

  private static ChatCompletionCreateParams params(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("still there?").build();
  }

  @Test
  void aPolicyServesThroughThreeFailures() {
    ChatCompletion c = client.chat().completions().create(params("policy/resilient"));
    assertThat(c.model()).isEqualTo("gpt-4o-mini");
    assertThat(c.choices().get(0).message().content())
        .hasValueSatisfying(text -> assertThat(text).contains("still there?"));
  }

  @Test
  void aStreamedPolicyAnswerLooksLikeOneCleanStream() {
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params("policy/streamy"))) {
      String text =
          stream.stream()
              .flatMap(chunk -> chunk.choices().stream())
              .map(choice -> choice.delta().content().orElse(""))
              .collect(Collectors.joining());
      assertThat(text).contains("still there?");
    }
  }

  @Test
  void aStreamBrokenAfterContentIsAnErrorForTheSdkNeverACleanEnd() {
    assertThatThrownBy(
            () -> {
              try (StreamResponse<ChatCompletionChunk> stream =
                  client.chat().completions().createStreaming(params("policy/broken"))) {
                stream.stream().forEach(chunk -> {});
              }
            })
        .hasMessageContaining("stream");
  }

  @Test
  void latencyRoutingSettlesOnTheFasterModel() {
    for (int i = 0; i < 3; i++) { // each unmeasured target is tried (and measured) once
      client.chat().completions().create(params("policy/fast"));
    }
    for (int i = 0; i < 5; i++) {
      assertThat(client.chat().completions().create(params("policy/fast")).model())
          .isEqualTo("echo-10ms");
    }
  }

  @Test
  void aBoundPolicyAppliesToThePlainModelName() {
    assertThat(client.chat().completions().create(params("sim/overloaded")).model())
        .isEqualTo("echo");
  }
}
