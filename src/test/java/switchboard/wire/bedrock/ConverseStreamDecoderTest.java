package switchboard.wire.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import switchboard.wire.StreamDecoder;

class ConverseStreamDecoderTest {

  /** What the decoder reported, one line per call. */
  static final class Recorder implements StreamDecoder.Out {
    final List<String> events = new ArrayList<>();
    final List<ObjectNode> chunks = new ArrayList<>();

    @Override
    public void chunk(ObjectNode chunk) {
      chunks.add(chunk);
      events.add("chunk " + chunk);
    }

    @Override
    public void frame(Buffer raw) {
      events.add("frame " + raw.length());
    }

    @Override
    public void done() {
      events.add("done");
    }

    @Override
    public void error(JsonNode error) {
      events.add("error " + error);
    }

    @Override
    public void malformed(String why) {
      events.add("malformed " + why);
    }
  }

  /** Text with multi-byte characters and a JSON escape, then a tool call, then usage. */
  static Buffer transcript() {
    return Buffer.buffer()
        .appendBuffer(
            EventStreamFrames.encode("messageStart", "{\"role\":\"assistant\",\"p\":\"abc\"}"))
        .appendBuffer(
            EventStreamFrames.encode(
                "contentBlockDelta",
                "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Caf\\u00e9 \u65e5\u672c\"}}"))
        .appendBuffer(
            EventStreamFrames.encode(
                "contentBlockDelta",
                "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"hm\"}}}"))
        .appendBuffer(EventStreamFrames.encode("contentBlockStop", "{\"contentBlockIndex\":0}"))
        .appendBuffer(
            EventStreamFrames.encode(
                "contentBlockStart",
                "{\"contentBlockIndex\":1,"
                    + "\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_1\",\"name\":\"get_weather\"}}}"))
        .appendBuffer(
            EventStreamFrames.encode(
                "contentBlockDelta",
                "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}"))
        .appendBuffer(
            EventStreamFrames.encode(
                "contentBlockDelta",
                "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\"Paris\\\"}\"}}}"))
        .appendBuffer(EventStreamFrames.encode("contentBlockStop", "{\"contentBlockIndex\":1}"))
        .appendBuffer(EventStreamFrames.encode("messageStop", "{\"stopReason\":\"tool_use\"}"))
        .appendBuffer(
            EventStreamFrames.encode(
                "metadata",
                "{\"usage\":{\"inputTokens\":30,"
                    + "\"outputTokens\":8,\"totalTokens\":38,\"cacheReadInputTokens\":100,"
                    + "\"cacheWriteInputTokens\":20},\"metrics\":{\"latencyMs\":412}}"));
  }

  static Recorder decode(Buffer... parts) {
    ConverseStreamDecoder decoder = new ConverseStreamDecoder("chatcmpl-1", "m", 7L);
    Recorder out = new Recorder();
    for (Buffer part : parts) {
      decoder.feed(part, out);
    }
    out.events.add("end " + decoder.end(out));
    return out;
  }

  @Test
  void readsTheTranscript() {
    Recorder out = decode(transcript());
    List<ObjectNode> chunks = out.chunks;
    assertThat(chunks).hasSize(8);
    assertThat(chunks.get(0).toString())
        .isEqualTo(
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
                + "\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
    assertThat(chunks.get(1).at("/choices/0/delta/content").asText())
        .isEqualTo("Caf\u00e9 \u65e5\u672c");
    assertThat(chunks.get(2).at("/choices/0/delta/reasoning_content").asText()).isEqualTo("hm");
    assertThat(chunks.get(3).at("/choices/0/delta/tool_calls/0").toString())
        .isEqualTo(
            "{\"index\":0,\"id\":\"tooluse_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}");
    assertThat(
            chunks.get(4).at("/choices/0/delta/tool_calls/0/function/arguments").asText()
                + chunks.get(5).at("/choices/0/delta/tool_calls/0/function/arguments").asText())
        .isEqualTo("{\"city\":\"Paris\"}");
    assertThat(chunks.get(5).at("/choices/0/delta/tool_calls/0/index").asInt()).isZero();
    assertThat(chunks.get(6).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(chunks.get(7).get("choices")).isEmpty();
    assertThat(chunks.get(7).get("usage").toString())
        .isEqualTo(
            "{\"prompt_tokens\":150,"
                + "\"completion_tokens\":8,\"total_tokens\":158,\"prompt_tokens_details\":{\"cached_tokens\":100,"
                + "\"cache_write_tokens\":20}}");
    List<String> tail = out.events.subList(out.events.size() - 3, out.events.size());
    assertThat(tail.get(0)).startsWith("chunk ");
    assertThat(tail.subList(1, 3)).containsExactly("done", "end true");
    assertThat(out.events.stream().filter(e -> e.startsWith("frame")).count()).isEqualTo(9);
  }

  @Test
  void everySplitPointReadsTheSame() {
    Buffer all = transcript();
    List<String> whole = decode(all).events;
    for (int split = 0; split <= all.length(); split++) {
      assertThat(
              decode(all.getBuffer(0, split), Buffer.buffer(), all.getBuffer(split, all.length()))
                  .events)
          .as("split at %d", split)
          .isEqualTo(whole);
    }
    for (int a = 0; a < all.length(); a += 7) { // three-way splits too
      int b = Math.min(all.length(), a + 13);
      assertThat(
              decode(all.getBuffer(0, a), all.getBuffer(a, b), all.getBuffer(b, all.length()))
                  .events)
          .isEqualTo(whole);
    }
  }

  @Test
  void byteByByte() {
    Buffer all = transcript();
    Buffer[] parts = new Buffer[all.length()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = all.getBuffer(i, i + 1);
    }
    assertThat(decode(parts).events).isEqualTo(decode(all).events);
  }

  @Test
  void exceptionsAreErrors() {
    Buffer stream =
        Buffer.buffer()
            .appendBuffer(EventStreamFrames.encode("messageStart", "{\"role\":\"assistant\"}"))
            .appendBuffer(
                EventStreamFrames.encodeException(
                    "throttlingException",
                    "{\"message\":\"Too many tokens, please wait before trying again.\"}"));
    List<String> events = decode(stream).events;
    assertThat(events)
        .contains(
            "error {\"type\":\"throttlingException\","
                + "\"message\":\"Too many tokens, please wait before trying again.\"}");
    assertThat(events).doesNotContain("done");
  }

  @Test
  void aCutStreamEndsFalse() {
    Buffer all = transcript();
    List<String> events = decode(all.getBuffer(0, all.length() - 5)).events;
    assertThat(events.get(events.size() - 1)).isEqualTo("end false");
    assertThat(events).doesNotContain("done");
  }

  @Test
  void corruptionIsMalformedOnce() {
    Buffer all = transcript();
    all.setUnsignedByte(40, (short) (all.getUnsignedByte(40) ^ 1));
    List<String> events = decode(all, transcript()).events;
    assertThat(events.stream().filter(e -> e.startsWith("malformed")).count()).isEqualTo(1);
    assertThat(events).doesNotContain("done");
  }

  @Test
  void aPayloadThatIsNotJsonIsMalformed() {
    List<String> events = decode(EventStreamFrames.encode("contentBlockDelta", "{oops")).events;
    assertThat(events.get(0)).startsWith("malformed");
  }

  @Test
  void stopReasonsMapToFinishReasons() {
    assertThat(ConverseUsage.finishReason("end_turn")).isEqualTo("stop");
    assertThat(ConverseUsage.finishReason("stop_sequence")).isEqualTo("stop");
    assertThat(ConverseUsage.finishReason("max_tokens")).isEqualTo("length");
    assertThat(ConverseUsage.finishReason("tool_use")).isEqualTo("tool_calls");
    assertThat(ConverseUsage.finishReason("guardrail_intervened")).isEqualTo("content_filter");
    assertThat(ConverseUsage.finishReason("content_filtered")).isEqualTo("content_filter");
  }
}
