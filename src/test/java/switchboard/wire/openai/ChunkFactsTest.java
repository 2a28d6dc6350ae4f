package switchboard.wire.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkFactsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ChunkFacts facts(String chunk) {
    try {
      return ChunkFacts.of(JSON.readTree(chunk));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void roleOnlyFirstChunkHasNoContent() {
    ChunkFacts f =
        facts(
            "{\"id\":\"c\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"finish_reason\":null}],\"usage\":null}");

    assertThat(f).isEqualTo(new ChunkFacts(false, null, null, false, "gpt-4o-mini"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"content\":\"Hel\"}",
        "{\"refusal\":\"I can't\"}",
        "{\"reasoning_content\":\"thinking\"}",
        "{\"reasoning\":\"thinking\"}",
        "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}",
        "{\"function_call\":{\"arguments\":\"{}\"}}"
      })
  void contentKinds(String delta) {
    ChunkFacts f =
        facts("{\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}");

    assertThat(f.hasContent()).isTrue();
    assertThat(f.finishReason()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"content\":null}", "{\"tool_calls\":[]}", "{\"content\":7}"})
  void emptyDeltasHaveNoContent(String delta) {
    assertThat(facts("{\"choices\":[{\"index\":0,\"delta\":" + delta + "}]}").hasContent())
        .isFalse();
  }

  @Test
  void firstNonNullFinishReasonAcrossChoices() {
    ChunkFacts f =
        facts(
            "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":null},"
                + "{\"index\":1,\"delta\":{},\"finish_reason\":\"tool_calls\"},"
                + "{\"index\":2,\"delta\":{},\"finish_reason\":\"stop\"}]}");

    assertThat(f.finishReason()).isEqualTo("tool_calls");
    assertThat(f.hasContent()).isFalse();
  }

  @Test
  void usageChunkWithEmptyChoicesIsUsageOnly() {
    ChunkFacts f =
        facts(
            "{\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":2,\"total_tokens\":11}}");

    assertThat(f.usageOnly()).isTrue();
    assertThat(f.usage().path("total_tokens").asInt()).isEqualTo(11);
  }

  @Test
  void usageOnAContentChunkIsNotUsageOnly() {
    ChunkFacts f =
        facts(
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1}}");

    assertThat(f.usageOnly()).isFalse();
    assertThat(f.usage()).isNotNull();
    assertThat(f.hasContent()).isTrue();
    assertThat(f.finishReason()).isEqualTo("stop");
  }

  @Test
  void groqUsageIsFoundUnderXGroq() {
    ChunkFacts f =
        facts(
            "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":null,\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"prompt_tokens\":4,"
                + "\"completion_tokens\":6,\"queue_time\":0.01}}}");

    assertThat(f.usage()).isNotNull();
    assertThat(f.usage().path("completion_tokens").asInt()).isEqualTo(6);
    assertThat(f.usageOnly()).isFalse();
  }

  @Test
  void nonObjectUsageIsIgnored() {
    assertThat(facts("{\"choices\":[],\"usage\":null}").usage()).isNull();
    assertThat(facts("{\"choices\":[],\"usage\":null}").usageOnly()).isFalse();
    assertThat(facts("{\"choices\":[],\"x_groq\":{\"usage\":5}}").usage()).isNull();
  }

  @Test
  void emptyOrMissingModelIsNull() {
    assertThat(facts("{\"model\":\"\",\"choices\":[]}").model()).isNull();
    assertThat(facts("{\"choices\":[]}").model()).isNull();
    assertThat(facts("{\"model\":3,\"choices\":[]}").model()).isNull();
  }

  @Test
  void chunkWithoutChoicesIsHarmless() {
    JsonNode error = JSON.createObjectNode().putObject("error").put("message", "boom");

    assertThat(ChunkFacts.of(error)).isEqualTo(new ChunkFacts(false, null, null, false, null));
  }
}
