package switchboard.wire.anthropic.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.wire.anthropic.upstream.UpstreamJson.norm;
import static switchboard.wire.anthropic.upstream.UpstreamJson.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import switchboard.wire.StreamDecoder;

/** Anthropic stream transcripts (wire-formats §3.6) decoded to canonical chunks (§4.5). */
class AnthropicStreamDecoderTest {

  /** The §3.6 text + tool use example, verbatim. */
  static final String TEXT_AND_TOOL =
      """
      event: message_start
      data: {"type":"message_start","message":{"id":"msg_01XyZ","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":50,"cache_creation_input_tokens":0,"cache_read_input_tokens":2048,"output_tokens":1}}}

      event: content_block_start
      data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

      event: ping
      data: {"type":"ping"}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Let me "}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"check."}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":0}

      event: content_block_start
      data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{}}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Pa"}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ris\\"}"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":1}

      event: message_delta
      data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":30}}

      event: message_stop
      data: {"type":"message_stop"}

      """;

  /** Thinking, then text with multi-byte characters and a JSON escape, then two tool calls. */
  static final String THINKING_TEXT_TOOLS =
      """
      event: message_start
      data: {"type":"message_start","message":{"id":"msg_t","type":"message","role":"assistant","model":"claude-opus-4-1","content":[],"stop_reason":null,"usage":{"input_tokens":7,"cache_creation_input_tokens":100,"output_tokens":1}}}

      event: content_block_start
      data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Caf\\u00e9 ☕ "}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":0}

      event: content_block_start
      data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Grüße 😀"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":1}

      event: content_block_start
      data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_a","name":"f","input":{}}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":2}

      event: content_block_start
      data: {"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_b","name":"g","input":{}}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\\"q\\":\\"\\u00e9\\"}"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":3}

      event: some_future_event
      data: {"type":"some_future_event","x":1}

      event: message_delta
      data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":7,"cache_creation_input_tokens":100,"cache_read_input_tokens":0,"output_tokens":42}}

      event: message_stop
      data: {"type":"message_stop"}

      """;

  static final String ERROR_MID_STREAM =
      """
      event: message_start
      data: {"type":"message_start","message":{"id":"msg_e","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":3,"output_tokens":1}}}

      event: content_block_start
      data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

      event: error
      data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

      """;

  /** What a decoder reported, in order, as comparable strings. */
  static final class Recorder implements StreamDecoder.Out {
    final List<String> log = new ArrayList<>();
    final List<ObjectNode> chunks = new ArrayList<>();

    @Override
    public void chunk(ObjectNode chunk) {
      chunks.add(chunk);
      log.add("chunk " + norm(chunk));
    }

    @Override
    public void frame(Buffer raw) {
      log.add("frame " + raw.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void done() {
      log.add("done");
    }

    @Override
    public void error(JsonNode error) {
      log.add("error " + norm(error));
    }

    @Override
    public void malformed(String why) {
      log.add("malformed " + why);
    }
  }

  private static Recorder decode(byte[] bytes, int... cuts) {
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    Recorder out = new Recorder();
    int from = 0;
    for (int cut : cuts) {
      decoder.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, from, cut)), out);
      decoder.feed(Buffer.buffer(), out); // empty buffers change nothing
      from = cut;
    }
    decoder.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, from, bytes.length)), out);
    assertThat(decoder.end(out)).as("a complete transcript ends cleanly").isTrue();
    return out;
  }

  private static ObjectNode chunk(String delta, String finish) {
    return chunk("msg_01XyZ", "claude-sonnet-4-5-20250929", delta, finish);
  }

  private static ObjectNode chunk(String id, String model, String delta, String finish) {
    ObjectNode c =
        obj(
            "{'id':'"
                + id
                + "','object':'chat.completion.chunk','created':0,'model':'"
                + model
                + "','choices':[{'index':0,'delta':"
                + delta
                + ",'logprobs':null,"
                + "'finish_reason':"
                + (finish == null ? "null" : "'" + finish + "'")
                + "}]}");
    return c;
  }

  @Test
  void textAndToolUseGolden() {
    Recorder out = decode(TEXT_AND_TOOL.getBytes(StandardCharsets.UTF_8));
    assertThat(out.chunks.stream().map(UpstreamJson::norm).toList())
        .containsExactly(
            chunk("{'role':'assistant','content':''}", null),
            chunk("{'content':'Let me '}", null),
            chunk("{'content':'check.'}", null),
            chunk(
                "{'tool_calls':[{'index':0,'id':'toolu_01A','type':'function','function':"
                    + "{'name':'get_weather','arguments':''}}]}",
                null),
            chunk(
                "{'tool_calls':[{'index':0,'function':{'arguments':'{\\\"city\\\": \\\"Pa'}}]}",
                null),
            chunk("{'tool_calls':[{'index':0,'function':{'arguments':'ris\\\"}'}}]}", null),
            chunk("{}", "tool_calls"),
            obj(
                "{'id':'msg_01XyZ','object':'chat.completion.chunk','created':0,"
                    + "'model':'claude-sonnet-4-5-20250929','choices':[],'usage':{'prompt_tokens':2098,"
                    + "'completion_tokens':30,'total_tokens':2128,'prompt_tokens_details':"
                    + "{'cached_tokens':2048,'cache_write_tokens':0}}}"));
    assertThat(out.log.stream().filter(l -> l.startsWith("frame ")).count()).isEqualTo(12);
    assertThat(out.log.get(0)).startsWith("chunk ");
    assertThat(out.log.get(1))
        .isEqualTo("frame " + TEXT_AND_TOOL.substring(0, TEXT_AND_TOOL.indexOf("\n\n") + 2));
    assertThat(out.log.get(out.log.size() - 1)).isEqualTo("done");
    assertThat(out.log.get(out.log.size() - 2)).startsWith("chunk ").contains("\"usage\"");
    // ping: a frame and nothing else
    int ping = out.log.indexOf("frame event: ping\ndata: {\"type\":\"ping\"}\n\n");
    assertThat(out.log.get(ping - 1)).startsWith("frame event: content_block_start");
  }

  @Test
  void thinkingMultiByteTextAndTwoToolCalls() {
    Recorder out = decode(THINKING_TEXT_TOOLS.getBytes(StandardCharsets.UTF_8));
    assertThat(out.chunks.stream().map(UpstreamJson::norm).toList())
        .containsExactly(
            chunk("msg_t", "claude-opus-4-1", "{'role':'assistant','content':''}", null),
            chunk("msg_t", "claude-opus-4-1", "{'reasoning_content':'Café ☕ '}", null),
            chunk("msg_t", "claude-opus-4-1", "{'content':'Grüße 😀'}", null),
            chunk(
                "msg_t",
                "claude-opus-4-1",
                "{'tool_calls':[{'index':0,'id':'toolu_a','type':"
                    + "'function','function':{'name':'f','arguments':''}}]}",
                null),
            chunk(
                "msg_t",
                "claude-opus-4-1",
                "{'tool_calls':[{'index':0,'function':{'arguments':'{}'}}]}",
                null),
            chunk(
                "msg_t",
                "claude-opus-4-1",
                "{'tool_calls':[{'index':1,'id':'toolu_b','type':"
                    + "'function','function':{'name':'g','arguments':''}}]}",
                null),
            chunk(
                "msg_t",
                "claude-opus-4-1",
                "{'tool_calls':[{'index':1,'function':{'arguments':'{\\\"q\\\":\\\"é\\\"}'}}]}",
                null),
            chunk("msg_t", "claude-opus-4-1", "{}", "tool_calls"),
            obj(
                "{'id':'msg_t','object':'chat.completion.chunk','created':0,'model':'claude-opus-4-1',"
                    + "'choices':[],'usage':{'prompt_tokens':107,'completion_tokens':42,'total_tokens':149,"
                    + "'prompt_tokens_details':{'cached_tokens':0,'cache_write_tokens':100}}}"));
    assertThat(out.log)
        .contains(
            "frame event: some_future_event\ndata: "
                + "{\"type\":\"some_future_event\",\"x\":1}\n\n");
    assertThat(out.log).filteredOn(l -> l.equals("done")).hasSize(1);
  }

  @Test
  void anErrorEventIsReportedAfterTheContentBeforeIt() {
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    Recorder out = new Recorder();
    decoder.feed(Buffer.buffer(ERROR_MID_STREAM), out);
    assertThat(decoder.end(out)).isTrue();
    assertThat(out.chunks).hasSize(2);
    assertThat(out.log)
        .contains("error " + obj("{'type':'overloaded_error','message':'Overloaded'}"));
    int error =
        out.log.indexOf("error " + obj("{'type':'overloaded_error','message':'Overloaded'}"));
    assertThat(out.log.get(error + 1)).startsWith("frame event: error\n");
    assertThat(out.log).doesNotContain("done");
  }

  @Test
  void everySplitPointGivesTheSameReport() {
    for (String transcript : List.of(TEXT_AND_TOOL, THINKING_TEXT_TOOLS, ERROR_MID_STREAM)) {
      byte[] bytes = transcript.getBytes(StandardCharsets.UTF_8);
      List<String> whole = decode(bytes).log;
      for (int cut = 1; cut < bytes.length; cut++) {
        assertThat(decode(bytes, cut).log).as("split at %d", cut).isEqualTo(whole);
      }
      int[] each = new int[bytes.length - 1];
      for (int i = 0; i < each.length; i++) {
        each[i] = i + 1;
      }
      assertThat(decode(bytes, each).log).as("byte by byte").isEqualTo(whole);
      Random random = new Random(42);
      for (int round = 0; round < 50; round++) {
        int[] cuts = random.ints(6, 1, bytes.length).sorted().distinct().toArray();
        assertThat(decode(bytes, cuts).log).as("random splits").isEqualTo(whole);
      }
    }
  }

  @Test
  void splitsInsideMultiByteCharactersAndJsonEscapes() {
    byte[] bytes = THINKING_TEXT_TOOLS.getBytes(StandardCharsets.UTF_8);
    List<String> whole = decode(bytes).log;
    String text = THINKING_TEXT_TOOLS;
    int emoji = new String(bytes, StandardCharsets.UTF_8).indexOf("😀");
    int emojiByte = text.substring(0, emoji).getBytes(StandardCharsets.UTF_8).length;
    int escape = text.substring(0, text.indexOf("\\u00e9")).getBytes(StandardCharsets.UTF_8).length;
    int coffee = text.substring(0, text.indexOf("☕")).getBytes(StandardCharsets.UTF_8).length;
    assertThat(decode(bytes, emojiByte + 1, emojiByte + 2, emojiByte + 3).log).isEqualTo(whole);
    assertThat(decode(bytes, escape + 1, escape + 3, escape + 5).log).isEqualTo(whole);
    assertThat(decode(bytes, coffee + 1, coffee + 2).log).isEqualTo(whole);
  }

  @Test
  void crlfLineEndsAndEventsWithoutAnEventLine() {
    String crlf = TEXT_AND_TOOL.replace("\n", "\r\n");
    Recorder out = decode(crlf.getBytes(StandardCharsets.UTF_8));
    assertThat(out.chunks.stream().map(UpstreamJson::norm).toList())
        .isEqualTo(
            decode(TEXT_AND_TOOL.getBytes(StandardCharsets.UTF_8)).chunks.stream()
                .map(UpstreamJson::norm)
                .toList());
    byte[] crlfBytes = crlf.getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < crlfBytes.length; cut += 7) {
      assertThat(decode(crlfBytes, cut).log).isEqualTo(out.log);
    }
    String dataOnly = TEXT_AND_TOOL.replaceAll("event: [a-z_]+\n", "");
    Recorder bare = decode(dataOnly.getBytes(StandardCharsets.UTF_8));
    assertThat(bare.chunks.stream().map(UpstreamJson::norm).toList())
        .isEqualTo(out.chunks.stream().map(UpstreamJson::norm).toList());
    assertThat(bare.log).contains("frame data: {\"type\":\"ping\"}\n\n");
  }

  @Test
  void aCutStreamEndsUnclean() {
    byte[] bytes = TEXT_AND_TOOL.getBytes(StandardCharsets.UTF_8);
    int mid = TEXT_AND_TOOL.indexOf("\"check.\"");
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    Recorder out = new Recorder();
    decoder.feed(Buffer.buffer(java.util.Arrays.copyOf(bytes, mid)), out);
    assertThat(decoder.end(out)).isFalse();
    assertThat(out.log).doesNotContain("done");
    AnthropicStreamDecoder empty = new AnthropicStreamDecoder();
    assertThat(empty.end(new Recorder())).isTrue();
  }

  @Test
  void notJsonIsMalformed() {
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    Recorder out = new Recorder();
    decoder.feed(
        Buffer.buffer(
            "event: message_start\ndata: {\"type\": oops\n\n" + "event: ping\ndata: [1]\n\n"),
        out);
    assertThat(out.log).hasSize(2).allMatch(l -> l.startsWith("malformed "));
  }

  @Test
  void theStructuredOutputToolStreamsAsContent() {
    String transcript =
        """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_j","model":"m","usage":{"input_tokens":5,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_j","name":"switchboard_json_output","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"name\\":"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\\"Ada\\"}"}}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}

        event: message_stop
        data: {"type":"message_stop"}

        """;
    Recorder out = decode(transcript.getBytes(StandardCharsets.UTF_8));
    StringBuilder content = new StringBuilder();
    out.chunks.forEach(c -> content.append(c.at("/choices/0/delta/content").asText("")));
    assertThat(content.toString()).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(out.chunks).noneMatch(c -> c.at("/choices/0/delta").has("tool_calls"));
    assertThat(out.chunks.get(out.chunks.size() - 2).at("/choices/0/finish_reason").asText())
        .isEqualTo("stop");
  }
}
