package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Fault;
import switchboard.fake.Reply;

/**
 * An upstream that writes each event over two {@code data:} lines (legal SSE): the gateway's stream
 * stays well-formed, so the official SDKs read it as if it had come on one line.
 */
class MultiLineSseIT {

  static final String TEXT = "Two lines upstream, one answer downstream.";

  @TempDir static Path data;
  static FakeOpenAi openai;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    openai = FakeOpenAi.start();
    gw =
        GatewayFixture.start(
            data,
            Map.of(
                "OPENAI_API_KEY",
                "sk-fake-openai-provider-key",
                "OPENAI_BASE_URL",
                openai.baseUrl()));
  }

  @AfterAll
  static void stop() {
    gw.close();
    openai.close();
  }

  @BeforeEach
  void script() {
    openai.reset();
    openai.then(Reply.text(TEXT).with(Fault.MULTI_LINE_DATA));
  }

  @Test
  void theOpenAiSdkReadsAPassedThroughStreamWhoseEventsCameOnTwoLines() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model("openai/gpt-4o-mini")
            .addUserMessage("Say hello")
            .build();
    try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
        gw.sdk.chat().completions().createStreaming(params)) {
      String text =
          stream.stream()
              .flatMap(chunk -> chunk.choices().stream())
              .map(choice -> choice.delta().content().orElse(""))
              .collect(Collectors.joining());
      assertThat(text).isEqualTo(TEXT);
    }
  }

  @Test
  void everyLineTheGatewayWritesIsAFieldOrABlankLine() {
    HttpResponse<String> res =
        gw.post(
            "/v1/chat/completions",
            """
            {"model":"openai/gpt-4o-mini","stream":true,
             "messages":[{"role":"user","content":"hi"}]}""");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body().split("\n", -1))
        .as(res.body())
        .allSatisfy(
            line ->
                assertThat(
                        line.isEmpty()
                            || line.startsWith("data: ")
                            || line.startsWith("event: ")
                            || line.startsWith(":"))
                    .as(line)
                    .isTrue());
    assertThat(Sse.data(res.body())).last().isEqualTo("[DONE]");
  }

  @Test
  void theAnthropicSdkReadsATranslatedStreamWhoseEventsCameOnTwoLines() {
    AnthropicClient anthropic =
        AnthropicOkHttpClient.builder()
            .baseUrl(gw.baseUrl())
            .apiKey(GatewayFixture.MASTER_KEY)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      MessageCreateParams params =
          MessageCreateParams.builder()
              .model("openai/gpt-4o-mini")
              .maxTokens(64)
              .addUserMessage("Say hello")
              .build();
      MessageAccumulator acc = MessageAccumulator.create();
      try (StreamResponse<RawMessageStreamEvent> stream =
          anthropic.messages().createStreaming(params)) {
        stream.stream().forEach(acc::accumulate);
      }
      String text =
          acc.message().content().stream()
              .flatMap(b -> b.text().stream())
              .map(t -> t.text())
              .collect(Collectors.joining());
      assertThat(text).isEqualTo(TEXT);
    } finally {
      anthropic.close();
    }
  }
}
