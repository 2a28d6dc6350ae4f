package switchboard.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stored answer replayed as chunks, and chunks assembled back into the answer. */
class ReplaysTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode answer() throws Exception {
    return (ObjectNode)
        JSON.readTree(
            """
            {"id":"chatcmpl-1","object":"chat.completion","created":1767225600,"model":"gpt-5",
             "choices":[{"index":0,"message":{"role":"assistant",
               "content":"The refund policy allows returns within thirty days of purchase. \uD83D\uDE00",
               "tool_calls":[{"id":"call_1","type":"function",
                 "function":{"name":"lookup","arguments":"{\\"order\\":\\"A-1234567890\\"}"}}]},
               "finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":20,"completion_tokens":12,"total_tokens":32}}""");
  }

  @Test
  void aReplayIsChunkedLikeARealStreamAndAddsUpToTheAnswer() throws Exception {
    ObjectNode answer = answer();
    List<ObjectNode> chunks = Replays.chunks(answer, true);
    assertThat(chunks.size()).isGreaterThan(6);
    assertThat(chunks.get(0).path("choices").get(0).path("delta").path("role").asText())
        .isEqualTo("assistant");
    ObjectNode last = chunks.get(chunks.size() - 1);
    assertThat(last.path("choices").isEmpty()).isTrue();
    assertThat(last.path("usage").path("total_tokens").asInt()).isEqualTo(32);
    for (ObjectNode c : chunks) {
      assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(c.path("id").asText()).isEqualTo("chatcmpl-1");
    }
    StreamAssembler assembler = new StreamAssembler();
    chunks.forEach(assembler::add);
    assertThat(JSON.readTree(assembler.answer().toString())).isEqualTo(answer);
    assertThat(assembler.finishReason()).isEqualTo("tool_calls");
  }

  @Test
  void usageOnlyWhenAskedAndPiecesNeverSplitACharacter() throws Exception {
    List<ObjectNode> chunks = Replays.chunks(answer(), false);
    assertThat(chunks.stream().filter(c -> c.has("usage"))).isEmpty();
    String text = "ab\uD83D\uDE00".repeat(20);
    List<String> pieces = Replays.pieces(text);
    assertThat(String.join("", pieces)).isEqualTo(text);
    for (String p : pieces) {
      assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
    }
  }
}
