package switchboard.wire.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.wire.gemini.GeminiRequestsTest.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import switchboard.wire.StreamDecoder;

class GeminiStreamDecoderTest {

  // Event 1 escapes é as \u00e9 (a split inside the escape must not matter); event 2 has raw
  // multi-byte UTF-8 (°, 世界, 🌍).
  static final String E1 =
      "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
          + "\"Pens\\u00e9e\",\"thought\":true},{\"text\":\"It is\"}]},\"index\":0}],\"usageMetadata\":"
          + "{\"promptTokenCount\":120,\"totalTokenCount\":120},\"modelVersion\":\"gemini-2.5-flash\","
          + "\"responseId\":\"mT2xaKq1\"}";
  static final String E2 =
      "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
          + "\" 21°C 世界 🌍.\"}]},\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"mT2xaKq1\"}";
  static final String E3 =
      "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
          + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Par\\u00eds\"}}},"
          + "{\"functionCall\":{\"name\":\"get_time\",\"args\":{}}}]},\"finishReason\":\"STOP\",\"index\":0}],"
          + "\"usageMetadata\":{\"promptTokenCount\":120,\"candidatesTokenCount\":8,\"thoughtsTokenCount\":40,"
          + "\"cachedContentTokenCount\":100,\"totalTokenCount\":168},\"modelVersion\":\"gemini-2.5-flash\","
          + "\"responseId\":\"mT2xaKq1\"}";

  static String transcript(String eol) {
    return "data: " + E1 + eol + eol + "data: " + E2 + eol + eol + "data: " + E3 + eol + eol;
  }

  /** Everything a decoder reported, in order. */
  static final class Recorder implements StreamDecoder.Out {
    final List<ObjectNode> chunks = new ArrayList<>();
    final ByteArrayOutputStream frames = new ByteArrayOutputStream();
    final List<String> log = new ArrayList<>();
    final List<JsonNode> errors = new ArrayList<>();

    @Override
    public void chunk(ObjectNode chunk) {
      chunks.add(chunk);
      log.add("chunk");
    }

    @Override
    public void frame(Buffer raw) {
      frames.writeBytes(raw.getBytes());
      log.add("frame");
    }

    @Override
    public void done() {
      log.add("done");
    }

    @Override
    public void error(JsonNode error) {
      errors.add(error);
      log.add("error");
    }

    @Override
    public void malformed(String why) {
      log.add("malformed");
    }
  }

  static List<ObjectNode> expectedChunks() {
    String base =
        "'id':'mT2xaKq1','object':'chat.completion.chunk','created':5,'model':'gemini-2.5-flash'";
    return List.of(
        json(
            "{"
                + base
                + ",'choices':[{'index':0,'delta':{'role':'assistant','reasoning_content':'Pensée',"
                + "'content':'It is'},'logprobs':null,'finish_reason':null}]}"),
        json(
            "{"
                + base
                + ",'choices':[{'index':0,'delta':{'content':' 21°C 世界 🌍.'},'logprobs':null,"
                + "'finish_reason':null}]}"),
        json(
            "{"
                + base
                + ",'choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'id':'call_mT2xaKq1_0',"
                + "'type':'function','function':{'name':'get_weather','arguments':'{\\\"city\\\":\\\"París\\\"}'}}]},"
                + "'logprobs':null,'finish_reason':null}]}"),
        json(
            "{"
                + base
                + ",'choices':[{'index':0,'delta':{'tool_calls':[{'index':1,'id':'call_mT2xaKq1_1',"
                + "'type':'function','function':{'name':'get_time','arguments':'{}'}}]},"
                + "'logprobs':null,'finish_reason':null}]}"),
        json(
            "{"
                + base
                + ",'choices':[{'index':0,'delta':{},'logprobs':null,'finish_reason':'tool_calls'}]}"),
        json(
            "{"
                + base
                + ",'choices':[],'usage':{'prompt_tokens':120,'completion_tokens':48,'total_tokens':168,"
                + "'prompt_tokens_details':{'cached_tokens':100,'cache_write_tokens':0},"
                + "'completion_tokens_details':{'reasoning_tokens':40}}}"));
  }

  static Recorder decode(List<byte[]> pieces) {
    GeminiStreamDecoder decoder = new GeminiStreamDecoder("asked", 5);
    Recorder out = new Recorder();
    for (byte[] piece : pieces) {
      decoder.feed(Buffer.buffer(piece), out);
    }
    assertThat(decoder.end(out)).isTrue();
    return out;
  }

  static void assertDecoded(Recorder out, byte[] whole) {
    assertThat(out.chunks.stream().map(GeminiRequestsTest::reparse).toList())
        .containsExactlyElementsOf(expectedChunks());
    assertThat(out.frames.toByteArray()).isEqualTo(whole);
    assertThat(out.log)
        .containsExactly(
            "chunk", "frame", "chunk", "frame", "chunk", "chunk", "chunk", "chunk", "frame");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\n", "\n"})
  void wholeTranscript(String eol) {
    byte[] bytes = transcript(eol).getBytes(StandardCharsets.UTF_8);
    assertDecoded(decode(List.of(bytes)), bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\n", "\n"})
  void byteByByteWithEmptyBuffersBetween(String eol) {
    byte[] bytes = transcript(eol).getBytes(StandardCharsets.UTF_8);
    List<byte[]> pieces = new ArrayList<>();
    for (byte b : bytes) {
      pieces.add(new byte[] {b});
      pieces.add(new byte[0]);
    }
    assertDecoded(decode(pieces), bytes);
  }

  @Test
  void everySplitPointCrlf() {
    byte[] bytes = transcript("\r\n").getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at <= bytes.length; at++) {
      byte[] head = java.util.Arrays.copyOfRange(bytes, 0, at);
      byte[] tail = java.util.Arrays.copyOfRange(bytes, at, bytes.length);
      assertDecoded(decode(List.of(head, tail)), bytes);
    }
  }

  @Test
  void randomSplitsIncludingInsideUtf8AndEscapes() {
    byte[] bytes = transcript("\r\n").getBytes(StandardCharsets.UTF_8);
    String text = new String(bytes, StandardCharsets.UTF_8);
    // splits that land inside 🌍 (4 bytes) and inside the escape \u00e9
    int emoji =
        transcript("\r\n").substring(0, text.indexOf("🌍")).getBytes(StandardCharsets.UTF_8).length;
    int escape = text.indexOf("\\u00e9");
    for (int[] cuts : new int[][] {{emoji + 1}, {emoji + 2, emoji + 3}, {escape + 2, escape + 4}}) {
      List<byte[]> pieces = new ArrayList<>();
      int from = 0;
      for (int cut : cuts) {
        pieces.add(java.util.Arrays.copyOfRange(bytes, from, cut));
        from = cut;
      }
      pieces.add(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
      assertDecoded(decode(pieces), bytes);
    }
    Random random = new Random(42);
    for (int round = 0; round < 500; round++) {
      List<byte[]> pieces = new ArrayList<>();
      int from = 0;
      while (from < bytes.length) {
        int to = Math.min(bytes.length, from + random.nextInt(12));
        pieces.add(java.util.Arrays.copyOfRange(bytes, from, to));
        from = to;
      }
      assertDecoded(decode(pieces), bytes);
    }
  }

  @Test
  void inBandErrorIsReportedWithoutAFrameAndTheStreamIsUnfinished() {
    String errorEvent =
        "{\"error\":{\"code\":500,\"message\":\"Internal error\",\"status\":\"INTERNAL\"}}";
    byte[] bytes =
        ("data: " + E1 + "\r\n\r\ndata: " + errorEvent + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    GeminiStreamDecoder decoder = new GeminiStreamDecoder("asked", 5);
    Recorder out = new Recorder();
    decoder.feed(Buffer.buffer(bytes), out);
    assertThat(decoder.end(out)).isFalse();
    assertThat(out.log).containsExactly("chunk", "frame", "error");
    assertThat(out.errors.get(0).path("status").asText()).isEqualTo("INTERNAL");
  }

  @Test
  void cutInsideAnEventOrBeforeTheFinishIsUnfinished() {
    GeminiStreamDecoder inside = new GeminiStreamDecoder("asked", 5);
    Recorder out = new Recorder();
    inside.feed(Buffer.buffer("data: " + E1 + "\r\n\r\ndata: {\"cand"), out);
    assertThat(inside.end(out)).isFalse();
    assertThat(out.log).containsExactly("chunk", "frame");

    GeminiStreamDecoder between = new GeminiStreamDecoder("asked", 5);
    between.feed(Buffer.buffer("data: " + E1 + "\r\n\r\n"), new Recorder());
    assertThat(between.end(new Recorder())).isFalse();
  }

  @Test
  void malformedEventAndBlockedPrompt() {
    GeminiStreamDecoder decoder = new GeminiStreamDecoder("asked", 5);
    Recorder out = new Recorder();
    decoder.feed(Buffer.buffer("data: {\"candidates\": oops\r\n\r\n"), out);
    assertThat(out.log).containsExactly("malformed");

    GeminiStreamDecoder blocked = new GeminiStreamDecoder("gemini-2.5-flash", 5);
    Recorder b = new Recorder();
    blocked.feed(
        Buffer.buffer(
            "data: {\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},"
                + "\"usageMetadata\":{\"promptTokenCount\":3,\"totalTokenCount\":3}}\r\n\r\n"),
        b);
    assertThat(blocked.end(b)).isTrue();
    assertThat(b.chunks.get(0).at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
    assertThat(b.chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(b.chunks.get(1).at("/usage/prompt_tokens").asLong()).isEqualTo(3);
    assertThat(b.log).doesNotContain("done");
  }

  @Test
  void streamedAndCompleteAnswersAgree() {
    // The complete answer Gemini would give for the same content: the decoded stream, accumulated,
    // must equal its translation (ids included).
    ObjectNode complete =
        json(
            """
        {'candidates':[{'content':{'role':'model','parts':[{'text':'Pensée','thought':true},{'text':'It is'},
          {'text':' 21°C 世界 🌍.'},{'functionCall':{'name':'get_weather','args':{'city':'París'}}},
          {'functionCall':{'name':'get_time','args':{}}}]},'finishReason':'STOP','index':0}],
         'usageMetadata':{'promptTokenCount':120,'candidatesTokenCount':8,'thoughtsTokenCount':40,
          'cachedContentTokenCount':100,'totalTokenCount':168},'modelVersion':'gemini-2.5-flash',
         'responseId':'mT2xaKq1'}
        """);
    byte[] bytes = transcript("\r\n").getBytes(StandardCharsets.UTF_8);
    ObjectNode streamed = ChunkAccumulator.accumulate(decode(List.of(bytes)).chunks);
    assertThat(streamed).isEqualTo(GeminiResponses.toCanonical(complete, "asked", 5));
  }
}
