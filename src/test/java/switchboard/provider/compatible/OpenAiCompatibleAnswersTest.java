package switchboard.provider.compatible;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.provider.compatible.ProviderFixtures.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import switchboard.model.Usage;
import switchboard.provider.VendorQuirks.ChunkAction;

/** Vendor quirks in answers: complete responses, stream chunks and usage. */
class OpenAiCompatibleAnswersTest {

  // ---------------------------------------------------------------- responses

  @Test
  void mistralContentArrayIsFlattenedToText() {
    ObjectNode response =
        json(
            """
        {"id":"x","choices":[{"index":0,"finish_reason":"model_length","message":{"role":"assistant",
          "content":[{"type":"thinking","thinking":[{"type":"text","text":"let me think"}]},
                     {"type":"text","text":"Hello"},{"type":"text","text":", world"}]}}]}
        """);

    boolean changed = provider("mistral").normalizeResponse(response);

    assertThat(changed).isTrue();
    JsonNode choice = response.path("choices").get(0);
    assertThat(choice.path("message").path("content").asText()).isEqualTo("Hello, world");
    assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
  }

  @Test
  void togetherEosBecomesStop() {
    ObjectNode response =
        json(
            "{\"choices\":[{\"index\":0,\"finish_reason\":\"eos\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}");

    assertThat(provider("together").normalizeResponse(response)).isTrue();
    assertThat(response.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void openAiResponseIsLeftAlone() {
    String text =
        "{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}";
    ObjectNode response = json(text);

    assertThat(provider("openai").normalizeResponse(response)).isFalse();
    assertThat(response).isEqualTo(json(text));
  }

  // ---------------------------------------------------------------- stream chunks

  @Test
  void azurePromptFilterChunkIsDropped() {
    ObjectNode chunk =
        json(
            """
        {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[
          {"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}
        """);

    assertThat(provider("azure").normalizeChunk(chunk)).isEqualTo(ChunkAction.DROP);
  }

  @Test
  void choiceWithoutDeltaIsRemovedAndTheRestKept() {
    ObjectNode chunk =
        json(
            """
        {"id":"c","choices":[
          {"index":0,"finish_reason":null,"content_filter_results":{"hate":{"filtered":false}}},
          {"index":1,"delta":{"content":"hi"},"finish_reason":null}]}
        """);

    assertThat(provider("azure").normalizeChunk(chunk)).isEqualTo(ChunkAction.CHANGED);
    assertThat(chunk.get("choices")).hasSize(1);
    assertThat(chunk.path("choices").get(0).path("index").asInt()).isEqualTo(1);
  }

  @Test
  void chunkWithOnlyFilterChoicesIsDropped() {
    ObjectNode chunk =
        json(
            "{\"id\":\"c\",\"choices\":[{\"index\":0,\"finish_reason\":null,"
                + "\"content_filter_offsets\":{\"check_offset\":0}}]}");

    assertThat(provider("azure").normalizeChunk(chunk)).isEqualTo(ChunkAction.DROP);
  }

  @Test
  void usageOnlyChunkIsKept() {
    ObjectNode chunk =
        json(
            "{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":2,\"total_tokens\":11}}");

    assertThat(provider("openai").normalizeChunk(chunk)).isEqualTo(ChunkAction.KEEP);
    assertThat(chunk.get("usage").get("total_tokens").asInt()).isEqualTo(11);
  }

  @Test
  void groqUsageChunkIsKept() {
    ObjectNode chunk =
        json("{\"id\":\"c\",\"choices\":[],\"x_groq\":{\"usage\":{\"prompt_tokens\":3}}}");

    assertThat(provider("groq").normalizeChunk(chunk)).isEqualTo(ChunkAction.KEEP);
  }

  @Test
  void emptyChoicesWithNullUsageIsDropped() {
    assertThat(provider("openai").normalizeChunk(json("{\"choices\":[],\"usage\":null}")))
        .isEqualTo(ChunkAction.DROP);
    assertThat(provider("openai").normalizeChunk(json("{\"id\":\"x\"}")))
        .isEqualTo(ChunkAction.DROP);
  }

  @Test
  void errorChunkIsAlwaysKept() {
    assertThat(
            provider("openrouter")
                .normalizeChunk(
                    json("{\"error\":{\"code\":502,\"message\":\"Provider returned error\"}}")))
        .isEqualTo(ChunkAction.KEEP);
  }

  @Test
  void finishChunkWithoutDeltaIsKeptAndItsReasonMapped() {
    ObjectNode chunk = json("{\"choices\":[{\"index\":0,\"finish_reason\":\"eos\"}]}");

    assertThat(provider("together").normalizeChunk(chunk)).isEqualTo(ChunkAction.CHANGED);
    assertThat(chunk.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void plainContentChunkIsKeptUnchanged() {
    String text =
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}";
    ObjectNode chunk = json(text);

    assertThat(provider("openai").normalizeChunk(chunk)).isEqualTo(ChunkAction.KEEP);
    assertThat(chunk).isEqualTo(json(text));
  }

  @Test
  void mistralStreamedContentArrayIsFlattened() {
    ObjectNode chunk =
        json(
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"text\","
                + "\"text\":\"Hi\"}]},\"finish_reason\":null}]}");

    assertThat(provider("mistral").normalizeChunk(chunk)).isEqualTo(ChunkAction.CHANGED);
    assertThat(chunk.path("choices").get(0).path("delta").path("content").asText()).isEqualTo("Hi");
  }

  // ---------------------------------------------------------------- usage

  static Stream<Arguments> usages() {
    return Stream.of(
        Arguments.of(
            "openai",
            "{\"prompt_tokens\":100,\"completion_tokens\":40,\"total_tokens\":140,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":64},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":10}}",
            new Usage(100, 64, 0, 40, 10)),
        Arguments.of(
            "deepseek",
            "{\"prompt_tokens\":100,\"completion_tokens\":5,"
                + "\"prompt_cache_hit_tokens\":80,\"prompt_cache_miss_tokens\":20}",
            new Usage(100, 80, 0, 5, 0)),
        Arguments.of(
            "deepseek",
            "{\"prompt_tokens\":100,\"completion_tokens\":5,"
                + "\"prompt_cache_hit_tokens\":80,\"prompt_tokens_details\":{\"cached_tokens\":70}}",
            new Usage(100, 70, 0, 5, 0)),
        Arguments.of(
            "xai",
            "{\"prompt_tokens\":10,\"completion_tokens\":20,"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":300}}",
            new Usage(10, 0, 0, 320, 300)),
        Arguments.of(
            "openrouter",
            "{\"prompt_tokens\":50,\"completion_tokens\":5,\"cost\":0.001,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":10,\"cache_write_tokens\":30}}",
            new Usage(50, 10, 30, 5, 0)),
        Arguments.of(
            "custom",
            "{\"prompt_tokens\":7,\"completion_tokens\":3,"
                + "\"prompt_tokens_details\":null,\"completion_tokens_details\":null}",
            new Usage(7, 0, 0, 3, 0)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("usages")
  void usageIsNormalised(String vendor, String usage, Usage expected) {
    assertThat(provider(vendor).usage(json(usage))).isEqualTo(expected);
  }

  @Test
  void missingUsageIsNone() {
    assertThat(provider("openai").usage(null)).isEqualTo(Usage.NONE);
    assertThat(provider("openai").usage(JSON.nullNode())).isEqualTo(Usage.NONE);
  }
}
