package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import switchboard.wire.openai.ChatStreamEncoder;

class ContinuationPromptTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void overlapIsTheLongestRepeatedTail() {
    assertThat(ContinuationPrompt.overlap("Hello wor", "world!")).isEqualTo(3);
    assertThat(ContinuationPrompt.overlap("Hello world", "Hello world and more")).isEqualTo(11);
    assertThat(ContinuationPrompt.overlap("abc", "xyz")).isZero();
    assertThat(ContinuationPrompt.overlap("", "xyz")).isZero();
    assertThat(ContinuationPrompt.overlap("aaa", "aaaa")).isEqualTo(3);
  }

  @Test
  void onlyPlainTextQualifies() throws Exception {
    assertThat(
            ContinuationPrompt.notPlainText(
                JSON.readTree("{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}")))
        .isFalse();
    assertThat(
            ContinuationPrompt.notPlainText(
                JSON.readTree("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0}]}}]}")))
        .isTrue();
    assertThat(
            ContinuationPrompt.notPlainText(
                JSON.readTree("{\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}")))
        .isTrue();
  }

  @Test
  void theBodyAddsThePartialAnswerAndTheInstruction() throws Exception {
    ObjectNode original =
        (ObjectNode)
            JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":1}");
    ObjectNode body = ContinuationPrompt.body(original, "Hel");
    assertThat(body.path("messages")).hasSize(3);
    assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Hel");
    assertThat(body.has("n")).isFalse();
    assertThat(original.path("messages")).hasSize(1); // the original is untouched
  }

  @Test
  void theEncoderHoldsTheHeadCutsTheOverlapAndKeepsTheStreamId() throws Exception {
    SplicedStreamEncoder e =
        new SplicedStreamEncoder(new ChatStreamEncoder(false), "It is sunny", "chatcmpl-first");
    assertThat(e.chunk(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)).length()).isZero();
    assertThat(e.chunk(chunk("{\"content\":\"sunny\"}", null)).length()).isZero();
    String out =
        e.chunk(chunk("{\"content\":\" today.\"}", null)).toString()
            + e.chunk(chunk("{}", "stop")).toString();
    assertThat(out)
        .contains("\"content\":\" today.\"")
        .doesNotContain("sunny")
        .doesNotContain("role")
        .contains("chatcmpl-first")
        .doesNotContain("other-id")
        .contains("\"finish_reason\":\"stop\"");
    assertThat(e.end().toString()).isEqualTo("data: [DONE]\n\n");
  }

  private static ObjectNode chunk(String delta, String finish) throws Exception {
    return (ObjectNode)
        JSON.readTree(
            "{\"id\":\"other-id\",\"choices\":[{\"index\":0,\"delta\":"
                + delta
                + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"")
                + "}]}");
  }
}
