package switchboard.wire.anthropic.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.wire.anthropic.inbound.MessagesReaderTest.body;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden translations of canonical answers to Anthropic messages (wire-formats §3.5, §4.4). */
class MessagesWriterTest {

  @Test
  void textAndToolCallsWithCachedUsage() {
    var message =
        MessagesWriter.fromCanonical(
            body(
                """
        {"id":"chatcmpl-abc","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Let me check.",
           "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
           "finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":2148,"completion_tokens":30,"total_tokens":2178,
                  "prompt_tokens_details":{"cached_tokens":2048,"cache_write_tokens":50}}}
        """));

    assertThat(message.toString())
        .isEqualTo(
            body("""
        {"id":"msg_chatcmpl-abc","type":"message","role":"assistant","model":"gpt-4o-2024-08-06",
         "content":[{"type":"text","text":"Let me check."},
                    {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":50,"cache_creation_input_tokens":50,"cache_read_input_tokens":2048,"output_tokens":30}}
        """)
                .toString());
  }

  @Test
  void reasoningBecomesAThinkingBlockFirst() {
    var message =
        MessagesWriter.fromCanonical(
            body(
                """
        {"id":"msg_01XyZ","model":"deepseek-reasoner",
         "choices":[{"index":0,"message":{"role":"assistant","content":"42","reasoning_content":"Think."},
           "finish_reason":"stop"}],
         "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
        """));

    assertThat(message.toString())
        .isEqualTo(
            body("""
        {"id":"msg_01XyZ","type":"message","role":"assistant","model":"deepseek-reasoner",
         "content":[{"type":"thinking","thinking":"Think.","signature":""},{"type":"text","text":"42"}],
         "stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":5}}
        """)
                .toString());
  }

  @Test
  void emptyContentAndMissingUsageStillGiveAValidMessage() {
    var message =
        MessagesWriter.fromCanonical(
            body(
                """
        {"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":null}]}
        """));

    assertThat(message.get("id").asText()).isEqualTo("msg_switchboard");
    assertThat(message.get("content")).isEmpty();
    assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(message.get("usage").toString())
        .isEqualTo(
            "{\"input_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":0}");
  }

  @Test
  void refusalAndTextPartsBecomeText() {
    assertThat(
            MessagesWriter.fromCanonical(
                    body(
                        """
        {"choices":[{"message":{"content":null,"refusal":"I can't help."},"finish_reason":"content_filter"}]}
        """))
                .get("content")
                .toString())
        .isEqualTo("[{\"type\":\"text\",\"text\":\"I can't help.\"}]");
    assertThat(
            MessagesWriter.fromCanonical(
                    body(
                        """
        {"choices":[{"message":{"content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}}]}
        """))
                .get("content")
                .toString())
        .isEqualTo("[{\"type\":\"text\",\"text\":\"ab\"}]");
  }

  @ParameterizedTest
  @CsvSource({
    "stop,end_turn",
    "length,max_tokens",
    "tool_calls,tool_use",
    "function_call,tool_use",
    "content_filter,refusal",
    "eos,end_turn"
  })
  void finishReasonsMap(String finish, String stop) {
    assertThat(
            MessagesWriter.fromCanonical(
                    body(
                        "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\""
                            + finish
                            + "\"}]}"))
                .get("stop_reason")
                .asText())
        .isEqualTo(stop);
  }

  @Test
  void toolArgumentsThatAreNotAJsonObjectAreKeptAsTheRawString() {
    assertThat(MessagesWriter.input("{\"a\":1}").toString()).isEqualTo("{\"a\":1}");
    assertThat(MessagesWriter.input("").toString()).isEqualTo("{}");
    assertThat(MessagesWriter.input("  ").toString()).isEqualTo("{}");
    assertThat(MessagesWriter.input("{\"a\":").asText()).isEqualTo("{\"a\":");
    assertThat(MessagesWriter.input("{} trailing").asText()).isEqualTo("{} trailing");
    assertThat(MessagesWriter.input("[1,2]").asText()).isEqualTo("[1,2]");
  }
}
