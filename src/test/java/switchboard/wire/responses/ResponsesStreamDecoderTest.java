package switchboard.wire.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.wire.responses.ResponsesWriterTest.SHELL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import switchboard.wire.StreamDecoder;
import switchboard.wire.openai.UsageReader;

/** Responses event streams (an OpenAI upstream's) decoded to canonical chunks, at every split. */
class ResponsesStreamDecoderTest {

  /** An OpenAI-shaped transcript: text, then a function call, then the completed response. */
  static final String OPENAI =
      """
      event: response.created
      data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_up","object":"response","created_at":1741290958,"status":"in_progress","model":"gpt-4.1-2025-04-14","output":[],"usage":null}}

      event: response.in_progress
      data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_up","object":"response","created_at":1741290958,"status":"in_progress","model":"gpt-4.1-2025-04-14","output":[],"usage":null}}

      event: response.output_item.added
      data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}

      event: response.content_part.added
      data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}

      event: response.output_text.delta
      data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Caf\\u00e9 ☕ "}

      event: response.output_text.delta
      data: {"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"time."}

      event: response.output_text.done
      data: {"type":"response.output_text.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Café ☕ time."}

      event: response.output_item.done
      data: {"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Café ☕ time.","annotations":[]}]}}

      event: response.output_item.added
      data: {"type":"response.output_item.added","sequence_number":8,"output_index":1,"item":{"id":"fc_1","type":"function_call","status":"in_progress","arguments":"","call_id":"call_XYZ","name":"get_weather"}}

      event: response.function_call_arguments.delta
      data: {"type":"response.function_call_arguments.delta","sequence_number":9,"item_id":"fc_1","output_index":1,"delta":"{\\"city\\":"}

      event: response.function_call_arguments.delta
      data: {"type":"response.function_call_arguments.delta","sequence_number":10,"item_id":"fc_1","output_index":1,"delta":"\\"Paris\\"}"}

      event: response.function_call_arguments.done
      data: {"type":"response.function_call_arguments.done","sequence_number":11,"item_id":"fc_1","output_index":1,"arguments":"{\\"city\\":\\"Paris\\"}"}

      event: response.completed
      data: {"type":"response.completed","sequence_number":12,"response":{"id":"resp_up","object":"response","created_at":1741290958,"status":"completed","model":"gpt-4.1-2025-04-14","output":[{"id":"msg_1","type":"message"},{"id":"fc_1","type":"function_call","call_id":"call_XYZ","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}],"usage":{"input_tokens":37,"input_tokens_details":{"cached_tokens":11},"output_tokens":11,"output_tokens_details":{"reasoning_tokens":3},"total_tokens":48}}}

      """;

  /** What a decoder reported, in order. */
  static final class Recorded implements StreamDecoder.Out {
    final List<ObjectNode> chunks = new ArrayList<>();
    final StringBuilder frames = new StringBuilder();
    final List<JsonNode> errors = new ArrayList<>();
    final List<String> malformed = new ArrayList<>();
    int done;

    @Override
    public void chunk(ObjectNode chunk) {
      chunks.add(chunk);
    }

    @Override
    public void frame(Buffer raw) {
      frames.append(raw.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void done() {
      done++;
    }

    @Override
    public void error(JsonNode error) {
      errors.add(error);
    }

    @Override
    public void malformed(String why) {
      malformed.add(why);
    }
  }

  /** Feeds {@code sse} split at {@code at} (0: whole) and ends the stream. */
  static Recorded decode(String sse, int at) {
    byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
    Recorded out = new Recorded();
    ResponsesStreamDecoder decoder = new ResponsesStreamDecoder();
    if (at == 0) {
      decoder.feed(Buffer.buffer(bytes), out);
    } else {
      decoder.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, 0, at)), out);
      decoder.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, at, bytes.length)), out);
    }
    assertThat(decoder.end(out)).as("clean end").isTrue();
    return out;
  }

  @Test
  void anOpenAiStreamAtEverySplit() {
    Recorded whole = decode(OPENAI, 0);
    ObjectNode answer = ResponsesStreamEncoderTest.answer(whole.chunks);

    assertThat(answer.path("model").asText()).isEqualTo("claude-sonnet-4-5"); // the helper's
    JsonNode message = answer.path("choices").path(0).path("message");
    assertThat(message.path("content").asText()).isEqualTo("Café ☕ time.");
    assertThat(message.path("tool_calls").path(0).path("id").asText()).isEqualTo("call_XYZ");
    assertThat(message.path("tool_calls").path(0).path("function").path("name").asText())
        .isEqualTo("get_weather");
    assertThat(message.path("tool_calls").path(0).path("function").path("arguments").asText())
        .isEqualTo("{\"city\":\"Paris\"}");
    assertThat(answer.path("choices").path(0).path("finish_reason").asText())
        .isEqualTo("tool_calls");
    assertThat(UsageReader.read(answer.get("usage")))
        .isEqualTo(new switchboard.model.Usage(37, 11, 0, 11, 3));
    assertThat(whole.chunks.get(0).path("model").asText()).isEqualTo("gpt-4.1-2025-04-14");
    assertThat(whole.chunks.get(0).path("id").asText()).isEqualTo("resp_up");
    assertThat(whole.done).isEqualTo(1);
    assertThat(whole.frames.toString()).isEqualTo(OPENAI); // relayed as it came, terminal included
    assertThat(whole.errors).isEmpty();
    assertThat(whole.malformed).isEmpty();

    int length = OPENAI.getBytes(StandardCharsets.UTF_8).length;
    for (int at = 1; at < length; at++) {
      Recorded split = decode(OPENAI, at);
      assertThat(split.chunks).as("split at " + at).isEqualTo(whole.chunks);
      assertThat(split.frames.toString()).as("split at " + at).isEqualTo(OPENAI);
      assertThat(split.done).isEqualTo(1);
    }
  }

  @Test
  void theEncodersStreamDecodesBackToTheSameAnswerAtEverySplit() {
    List<ObjectNode> chunks = ResponsesStreamEncoderTest.REASONING_TEXT_TOOLS;
    String sse = ResponsesStreamEncoderTest.encode(new ResponsesStreamEncoder(SHELL), chunks);
    ObjectNode expected = ResponsesStreamEncoderTest.answer(chunks);

    int length = sse.getBytes(StandardCharsets.UTF_8).length;
    for (int at = 0; at < length; at += 1) {
      ObjectNode decoded = ResponsesStreamEncoderTest.answer(decode(sse, at).chunks);
      assertThat(decoded.path("choices")).as("split at " + at).isEqualTo(expected.path("choices"));
      assertThat(UsageReader.read(decoded.get("usage")))
          .isEqualTo(UsageReader.read(expected.get("usage")));
    }
  }

  @Test
  void failedAndErrorEventsAreErrors() {
    Recorded failed =
        decode(
            """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"r","model":"m"}}

            event: response.failed
            data: {"type":"response.failed","sequence_number":1,"response":{"id":"r","status":"failed","error":{"code":"server_error","message":"boom"}}}

            """,
            0);
    Recorded error =
        decode(
            """
            event: error
            data: {"type":"error","sequence_number":0,"code":"rate_limit_exceeded","message":"slow down","param":null}

            """,
            0);

    assertThat(failed.errors).hasSize(1);
    assertThat(failed.errors.get(0).path("message").asText()).isEqualTo("boom");
    assertThat(failed.done).isZero();
    assertThat(error.errors.get(0).path("code").asText()).isEqualTo("rate_limit_exceeded");
  }

  @Test
  void aStreamCutInsideAnEventIsNotACleanEnd() {
    ResponsesStreamDecoder decoder = new ResponsesStreamDecoder();
    Recorded out = new Recorded();
    decoder.feed(
        Buffer.buffer(OPENAI.substring(0, OPENAI.indexOf("response.in_progress") + 30)), out);

    assertThat(decoder.end(out)).isFalse();
    assertThat(out.done).isZero();
  }

  @Test
  void dataThatIsNotJsonIsMalformed() {
    Recorded out = decode("event: response.created\ndata: {oops\n\n", 0);

    assertThat(out.malformed).hasSize(1);
  }

  @Test
  void thePassthroughEncoderFailsTheUpstreamsResponseNumberedAfterItsEvents() {
    ResponsesStreamDecoder tap = new ResponsesStreamDecoder();
    Recorded out = new Recorded();
    tap.feed(
        Buffer.buffer(OPENAI.substring(0, OPENAI.indexOf("event: response.output_item.added"))),
        out);
    ResponsesPassthroughEncoder encoder = new ResponsesPassthroughEncoder(tap);

    assertThat(encoder.chunk(out.chunks.get(0)).length()).isZero();
    assertThat(encoder.end().length()).isZero();
    List<JsonNode> events = Events.of(encoder.error("stream_broken", "cut").toString());

    assertThat(events).hasSize(1);
    JsonNode failed = events.get(0);
    assertThat(failed.path("type").asText()).isEqualTo("response.failed");
    assertThat(failed.path("sequence_number").asInt()).isEqualTo(2);
    assertThat(failed.path("response").path("id").asText()).isEqualTo("resp_up");
    assertThat(failed.path("response").path("status").asText()).isEqualTo("failed");
    assertThat(failed.path("response").path("error").path("message").asText()).isEqualTo("cut");
  }
}
