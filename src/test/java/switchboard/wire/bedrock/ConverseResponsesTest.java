package switchboard.wire.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ConverseResponsesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
  }

  /** The response of wire-formats §7. */
  @Test
  void translatesTheDocumentedAnswer() throws Exception {
    ObjectNode out =
        ConverseResponses.toCanonical(
            json(
                """
        {'output': {'message': {'role': 'assistant', 'content': [{'text': 'It is 21°C.'}]}},
         'stopReason': 'end_turn',
         'usage': {'inputTokens': 30, 'outputTokens': 8, 'totalTokens': 38,
                   'cacheReadInputTokens': 0, 'cacheWriteInputTokens': 0},
         'metrics': {'latencyMs': 412}}"""),
            "bedrock/claude",
            99L);
    assertThat(out.get("id").asText()).startsWith("chatcmpl-bedrock-");
    out.remove("id");
    assertThat(out.toString())
        .isEqualTo(
            json("""
        {'object': 'chat.completion', 'created': 99, 'model': 'bedrock/claude',
         'choices': [{'index': 0, 'message': {'role': 'assistant', 'content': 'It is 21°C.', 'refusal': null},
                      'logprobs': null, 'finish_reason': 'stop'}],
         'usage': {'prompt_tokens': 30, 'completion_tokens': 8, 'total_tokens': 38,
                   'prompt_tokens_details': {'cached_tokens': 0, 'cache_write_tokens': 0}}}""")
                .toString());
  }

  @Test
  void toolUseReasoningAndCache() throws Exception {
    ObjectNode answer =
        json(
            """
        {'output': {'message': {'role': 'assistant', 'content': [
            {'reasoningContent': {'reasoningText': {'text': 'Think.', 'signature': 'sig'}}},
            {'toolUse': {'toolUseId': 'tooluse_1', 'name': 'get_weather', 'input': {'city': 'Paris'}}},
            {'toolUse': {'toolUseId': 'tooluse_2', 'name': 'get_time', 'input': {}}}]}},
         'stopReason': 'tool_use',
         'usage': {'inputTokens': 10, 'outputTokens': 5, 'totalTokens': 15,
                   'cacheReadInputTokens': 100, 'cacheWriteInputTokens': 7}}""");
    ObjectNode out = ConverseResponses.toCanonical(answer, "m");
    assertThat(out.at("/choices/0/message/content").isNull()).isTrue();
    assertThat(out.at("/choices/0/message/reasoning_content").asText()).isEqualTo("Think.");
    assertThat(out.at("/choices/0/message/tool_calls").toString())
        .isEqualTo(
            "[{\"id\":\"tooluse_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},{\"id\":\"tooluse_2\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]");
    assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(out.get("usage").toString())
        .isEqualTo(
            json("{'prompt_tokens': 117, 'completion_tokens': 5,"
                    + " 'total_tokens': 122, 'prompt_tokens_details': {'cached_tokens': 100, 'cache_write_tokens': 7}}")
                .toString());
    assertThat(ConverseResponses.toCanonical(answer, "m").get("id"))
        .isEqualTo(out.get("id")); // deterministic
  }

  @Test
  void filtersAndLength() throws Exception {
    for (String[] c :
        new String[][] {
          {"guardrail_intervened", "content_filter"},
          {"content_filtered", "content_filter"},
          {"max_tokens", "length"},
          {"stop_sequence", "stop"}
        }) {
      ObjectNode out =
          ConverseResponses.toCanonical(
              json(
                  "{'output': {'message': {'role': 'assistant',"
                      + " 'content': [{'text': 'x'}]}}, 'stopReason': '"
                      + c[0]
                      + "', 'usage': {}}"),
              "m");
      assertThat(out.at("/choices/0/finish_reason").asText()).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void notConverseIsRefused() {
    assertThatThrownBy(() -> ConverseResponses.toCanonical(json("{'message': 'x'}"), "m"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
