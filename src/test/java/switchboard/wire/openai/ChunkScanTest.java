package switchboard.wire.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token-level chunk scan agrees with the tree on plain chunks and refuses everything else. */
class ChunkScanTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}",
        "{\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"content\":\"Caf\\u00e9 \\\"au\\\" lait ☕\"},\"finish_reason\":null}]}",
        "{\"id\":\"c1\",\"model\":\"\",\"choices\":[{\"index\":0,\"delta\":{},"
            + "\"finish_reason\":\"stop\"}],\"usage\":null}",
        "{\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
            + "\"completion_tokens\":3,\"total_tokens\":12,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}",
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\"},"
            + "\"finish_reason\":null}],\"system_fingerprint\":\"fp\",\"service_tier\":\"default\"}",
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"no\"},"
            + "\"finish_reason\":\"content_filter\"}]}",
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},"
            + "{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":\"length\"}]}"
      })
  void plainChunksGiveTheSameFactsAsTheTree(String data) throws IOException {
    ChunkScan scan = ChunkScan.of(data);
    ChunkFacts facts = ChunkFacts.of(JSON.readTree(data));
    assertThat(scan.plain()).isTrue();
    assertThat(scan.hasContent()).isEqualTo(facts.hasContent());
    assertThat(scan.finishReason()).isEqualTo(facts.finishReason());
    assertThat(scan.usage()).isEqualTo(facts.usage());
    assertThat(scan.usageOnly()).isEqualTo(facts.usageOnly());
    assertThat(scan.model()).isEqualTo(facts.model() == null ? scan.model() : facts.model());
    JsonNode tree = JSON.readTree(data);
    StringBuilder text = new StringBuilder();
    for (JsonNode choice : tree.path("choices")) {
      JsonNode delta = choice.path("delta");
      text.append(delta.path("content").asText(""))
          .append(delta.path("reasoning_content").asText(""));
    }
    assertThat(scan.text()).isEqualTo(text.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // a tool call: the tree path reads its fragments
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"t\","
            + "\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}",
        // an in-band error
        "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}",
        // content as parts (Mistral): flattened by the tree path
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}}]}",
        // Azure's prompt filter results: dropped by the tree path
        "{\"choices\":[],\"prompt_filter_results\":[{\"prompt_index\":0}]}",
        // Azure's content-filter-only choice
        "{\"choices\":[{\"index\":0,\"content_filter_results\":{}}]}",
        // a vendor finish reason to map
        "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"eos\"}]}",
        // Groq's usage place
        "{\"choices\":[],\"x_groq\":{\"usage\":{\"prompt_tokens\":1}}}"
      })
  void everythingElseGoesToTheTreePath(String data) throws IOException {
    assertThat(ChunkScan.of(data).plain()).isFalse();
  }

  @Test
  void malformedJsonIsAnError() {
    assertThatThrownBy(() -> ChunkScan.of("[1,2]")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ChunkScan.of("{\"choices\":[] } {")).isInstanceOf(IOException.class);
  }

  @Test
  void reasoningAndRefusalsAreNotPlainText() throws IOException {
    assertThat(ChunkScan.of("{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}").reasoning())
        .isFalse();
    assertThat(ChunkScan.of("{\"choices\":[{\"delta\":{\"reasoning\":\"hm\"}}]}").reasoning())
        .isTrue();
  }
}
