package switchboard.wire.anthropic.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.wire.anthropic.inbound.MessagesReaderTest.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Canonical chunks → the Anthropic event sequence (wire-formats §3.6, §4.5). */
class MessagesStreamEncoderTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static String encode(MessagesStreamEncoder encoder, List<ObjectNode> chunks) {
    StringBuilder out = new StringBuilder();
    for (ObjectNode chunk : chunks) {
      out.append(encoder.chunk(chunk).toString());
    }
    return out.append(encoder.end().toString()).toString();
  }

  private static ObjectNode chunk(String delta, String finish) {
    ObjectNode chunk =
        body(
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":"
                + delta
                + "}]}");
    ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason", finish);
    return chunk;
  }

  private static ObjectNode usage(String usage) {
    return body(
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o\",\"choices\":[],\"usage\":"
            + usage
            + "}");
  }

  private static String ev(String name, String json) {
    return "event: " + name + "\ndata: " + json + "\n\n";
  }

  private static final String START =
      ev(
          "message_start",
          "{\"type\":\"message_start\",\"message\":{"
              + "\"id\":\"msg_chatcmpl-1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"gpt-4o\","
              + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,"
              + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":0}}}");

  @Test
  void textOnly() {
    String sse =
        encode(
            MessagesStreamEncoder.translating(),
            List.of(
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"content\":\"Hel\"}", null),
                chunk("{\"content\":\"lo\"}", null),
                chunk("{}", "stop"),
                usage(
                    "{\"prompt_tokens\":12,\"completion_tokens\":2,\"total_tokens\":14,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":4}}")));

    assertThat(sse)
        .isEqualTo(
            START
                + ev(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + ev(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}")
                + ev(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}")
                + ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + ev(
                    "message_delta",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"input_tokens\":8,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":4,\"output_tokens\":2}}")
                + ev("message_stop", "{\"type\":\"message_stop\"}"));
  }

  @Test
  void textThenToolCall() {
    String sse =
        encode(
            MessagesStreamEncoder.translating(),
            List.of(
                chunk("{\"role\":\"assistant\",\"content\":\"Let me check.\"}", null),
                chunk(
                    "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}",
                    null),
                chunk(
                    "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \\\"Pa\"}}]}",
                    null),
                chunk(
                    "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ris\\\"}\"}}]}",
                    null),
                chunk("{}", "tool_calls"),
                usage("{\"prompt_tokens\":50,\"completion_tokens\":30,\"total_tokens\":80}")));

    assertThat(sse)
        .isEqualTo(
            START
                + ev(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + ev(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me check.\"}}")
                + ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + ev(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"get_weather\",\"input\":{}}}")
                + ev(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}")
                + ev(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Pa\"}}")
                + ev(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"ris\\\"}\"}}")
                + ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
                + ev(
                    "message_delta",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                        + "\"usage\":{\"input_tokens\":50,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":30}}")
                + ev("message_stop", "{\"type\":\"message_stop\"}"));
  }

  @Test
  void thinkingThenText() {
    String sse =
        encode(
            MessagesStreamEncoder.translating(),
            List.of(
                chunk("{\"role\":\"assistant\",\"reasoning_content\":\"Hmm\"}", null),
                chunk("{\"reasoning_content\":\", 6*7.\"}", null),
                chunk("{\"content\":\"42\"}", "stop")));

    assertThat(sse)
        .isEqualTo(
            START
                + ev(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}")
                + ev(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hmm\"}}")
                + ev(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\", 6*7.\"}}")
                + ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + ev(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + ev(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"42\"}}")
                + ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
                + ev(
                    "message_delta",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"input_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":0}}")
                + ev("message_stop", "{\"type\":\"message_stop\"}"));
  }

  @Test
  void brokenStreamEndsWithAnErrorEventAndNoMessageStop() {
    MessagesStreamEncoder encoder = MessagesStreamEncoder.translating();
    String sse =
        encoder.chunk(chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null)).toString()
            + encoder.error("overloaded", "Upstream overloaded.").toString();

    assertThat(sse)
        .isEqualTo(
            START
                + ev(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + ev(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}")
                + ev(
                    "error",
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Upstream overloaded.\"}}"));
    assertThat(encoder.end().length()).as("nothing after the error").isZero();
    assertThat(encoder.chunk(chunk("{\"content\":\"x\"}", null)).length()).isZero();
  }

  @Test
  void neutralErrorClassesMapToAnthropicTypes() {
    assertThat(MessagesStreamEncoder.anthropicType("overloaded")).isEqualTo("overloaded_error");
    assertThat(MessagesStreamEncoder.anthropicType("rate_limited")).isEqualTo("rate_limit_error");
    assertThat(MessagesStreamEncoder.anthropicType("timeout")).isEqualTo("timeout_error");
    assertThat(MessagesStreamEncoder.anthropicType("stream_broken")).isEqualTo("api_error");
    assertThat(MessagesStreamEncoder.anthropicType(null)).isEqualTo("api_error");
    assertThat(MessagesStreamEncoder.anthropicType("invalid_request_error"))
        .isEqualTo("invalid_request_error");
  }

  @Test
  void passthroughOnlyAddsTheEnd() {
    MessagesStreamEncoder encoder = MessagesStreamEncoder.passthrough();

    assertThat(encoder.chunk(chunk("{\"content\":\"x\"}", null)).length()).isZero();
    assertThat(encoder.end().toString())
        .isEqualTo(ev("message_stop", "{\"type\":\"message_stop\"}"));
    assertThat(MessagesStreamEncoder.passthrough().error("rate_limited", "Slow down.").toString())
        .isEqualTo(
            ev(
                "error",
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down.\"}}"));
  }

  @Test
  void emptyChoicesChunksAndAnEmptyStreamStillMakeAValidMessage() {
    MessagesStreamEncoder encoder = MessagesStreamEncoder.translating();
    String sse =
        encoder
                .chunk(body("{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o\",\"choices\":[]}"))
                .toString()
            + encoder.end();

    ObjectNode message = EventAccumulator.message(sse);
    assertThat(message.get("content")).isEmpty();
    assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(
            EventAccumulator.message(MessagesStreamEncoder.translating().end().toString())
                .get("id")
                .asText())
        .isEqualTo("msg_switchboard");
  }

  @Test
  void parallelToolCallsOpenOneBlockEach() {
    String sse =
        encode(
            MessagesStreamEncoder.translating(),
            List.of(
                chunk(
                    "{\"tool_calls\":[{\"index\":0,\"id\":\"c0\",\"function\":{\"name\":\"a\",\"arguments\":\"{\\\"x\\\":1}\"}},"
                        + "{\"index\":1,\"id\":\"c1\",\"function\":{\"name\":\"b\",\"arguments\":\"\"}}]}",
                    null),
                chunk(
                    "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]}",
                    "tool_calls")));

    ObjectNode message = EventAccumulator.message(sse);
    assertThat(message.get("content").toString())
        .isEqualTo(
            "[{\"type\":\"tool_use\",\"id\":\"c0\",\"name\":\"a\",\"input\":{\"x\":1}},"
                + "{\"type\":\"tool_use\",\"id\":\"c1\",\"name\":\"b\",\"input\":{}}]");
  }

  // ------------------------------------------------------------- round trip with MessagesWriter

  static Stream<String> answers() {
    return Stream.of(
        """
        {"id":"chatcmpl-a","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant",
         "content":"Hello there, how are you today? Fine."},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":100,"completion_tokens":9,"total_tokens":109,
                  "prompt_tokens_details":{"cached_tokens":64,"cache_write_tokens":16}}}
        """,
        """
        {"id":"chatcmpl-b","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant",
         "content":"Checking both.","tool_calls":[
           {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\",\\"unit\\":\\"c\\"}"}},
           {"id":"call_2","type":"function","function":{"name":"get_time","arguments":""}}]},
         "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":50,"completion_tokens":30,"total_tokens":80}}
        """,
        """
        {"id":"msg_01R","model":"deepseek-reasoner","choices":[{"index":0,"message":{"role":"assistant",
         "reasoning_content":"Six times seven is forty-two.","content":"42 — é ✓"},"finish_reason":"length"}],
         "usage":{"prompt_tokens":7,"completion_tokens":20,"total_tokens":27,
                  "completion_tokens_details":{"reasoning_tokens":12}}}
        """,
        """
        {"id":"chatcmpl-c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,
         "tool_calls":[{"id":"call_9","type":"function","function":{"name":"f","arguments":"{\\"q\\":[1,2,{\\"r\\":null}]}"}}]},
         "finish_reason":"tool_calls"}]}
        """);
  }

  @ParameterizedTest
  @MethodSource("answers")
  void streamedAnswerAccumulatesToTheWrittenMessage(String json) {
    ObjectNode answer = body(json);
    for (int size : new int[] {1, 3, 1000}) {
      String sse = encode(MessagesStreamEncoder.translating(), chunks(answer, size));

      // Compared as text: same keys, same order, same numbers.
      assertThat(EventAccumulator.message(sse))
          .as("fragment size %s", size)
          .hasToString(MessagesWriter.fromCanonical(answer).toString());
    }
  }

  /**
   * A canonical answer as the chunks an OpenAI upstream would send, strings cut every {@code size}
   * chars.
   */
  private static List<ObjectNode> chunks(ObjectNode answer, int size) {
    JsonNode message = answer.path("choices").path(0).path("message");
    List<ObjectNode> chunks = new ArrayList<>();
    chunks.add(delta(answer, NODES.objectNode().put("role", "assistant").put("content", "")));
    for (String piece : pieces(message.path("reasoning_content").asText(""), size)) {
      chunks.add(delta(answer, NODES.objectNode().put("reasoning_content", piece)));
    }
    for (String piece : pieces(message.path("content").asText(""), size)) {
      chunks.add(delta(answer, NODES.objectNode().put("content", piece)));
    }
    int index = 0;
    for (JsonNode call : message.path("tool_calls")) {
      ObjectNode first = NODES.objectNode();
      ObjectNode fragment =
          first
              .putArray("tool_calls")
              .addObject()
              .put("index", index)
              .put("id", call.get("id").asText())
              .put("type", "function");
      fragment
          .putObject("function")
          .put("name", call.path("function").path("name").asText())
          .put("arguments", "");
      chunks.add(delta(answer, first));
      for (String piece : pieces(call.path("function").path("arguments").asText(""), size)) {
        ObjectNode next = NODES.objectNode();
        next.putArray("tool_calls")
            .addObject()
            .put("index", index)
            .putObject("function")
            .put("arguments", piece);
        chunks.add(delta(answer, next));
      }
      index++;
    }
    ObjectNode last = delta(answer, NODES.objectNode());
    ((ObjectNode) last.get("choices").get(0))
        .set("finish_reason", answer.path("choices").path(0).get("finish_reason"));
    chunks.add(last);
    if (answer.has("usage")) {
      ObjectNode usage =
          NODES
              .objectNode()
              .put("id", answer.get("id").asText())
              .put("model", answer.get("model").asText());
      usage.putArray("choices");
      usage.set("usage", answer.get("usage"));
      chunks.add(usage);
    }
    return chunks;
  }

  private static ObjectNode delta(ObjectNode answer, ObjectNode delta) {
    ObjectNode chunk =
        NODES
            .objectNode()
            .put("id", answer.get("id").asText())
            .put("object", "chat.completion.chunk")
            .put("created", 1)
            .put("model", answer.get("model").asText());
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("finish_reason");
    return chunk;
  }

  private static List<String> pieces(String text, int size) {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      pieces.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return pieces;
  }
}
