package switchboard.wire.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {

  private static final String CHUNK_1 =
      "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
          + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
          + "\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}";
  private static final String CHUNK_2 =
      "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
          + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
          + "\"Grüße, 世界 🌍\"},\"finish_reason\":null}],\"usage\":null}";
  private static final String CHUNK_3 =
      "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
          + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},"
          + "\"finish_reason\":\"stop\"}],\"usage\":null}";

  /** CHUNK_3 sent as two data lines: joined with LF it is still the same JSON. */
  private static final String CHUNK_3_HEAD = CHUNK_3.substring(0, CHUNK_3.indexOf("\"choices\""));

  private static final String CHUNK_3_TAIL = CHUNK_3.substring(CHUNK_3.indexOf("\"choices\""));
  private static final String ERROR =
      "{\"error\":{\"message\":\"Über-limit ⚠\",\"type\":\"server_error\",\"code\":502}}";
  private static final String USAGE_CHUNK =
      "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
          + "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
          + "\"completion_tokens\":2,\"total_tokens\":11}}";

  /** An OpenAI-style stream with keep-alive comments from DeepSeek and OpenRouter mixed in. */
  private static final String TRANSCRIPT =
      ": OPENROUTER PROCESSING\n\n"
          + "data: "
          + CHUNK_1
          + "\n\n"
          + ": keep-alive\n\n"
          + "data: "
          + CHUNK_2
          + "\n\n"
          + "id: 7\nretry: 1000\ndata: "
          + CHUNK_3_HEAD
          + "\ndata: "
          + CHUNK_3_TAIL
          + "\n\n"
          + "event: error\ndata: "
          + ERROR
          + "\n\n"
          + "data: "
          + USAGE_CHUNK
          + "\n\n"
          + "data: [DONE]\n\n";

  private static final List<SseEvent> EXPECTED =
      List.of(
          new SseEvent(null, CHUNK_1),
          new SseEvent(null, CHUNK_2),
          new SseEvent(null, CHUNK_3_HEAD + "\n" + CHUNK_3_TAIL),
          new SseEvent("error", ERROR),
          new SseEvent(null, USAGE_CHUNK),
          new SseEvent(null, "[DONE]"));

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void transcriptFedWholeGivesEveryEvent(String lineEnding) {
    byte[] bytes = withLineEnding(TRANSCRIPT, lineEnding);
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();

    parser.feed(Buffer.buffer(bytes), events::add);

    assertThat(events).containsExactlyElementsOf(EXPECTED);
    assertThat(parser.end()).isFalse();
    assertThat(parser.bytesSeen()).isEqualTo(bytes.length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void transcriptFedInRandomSplitsGivesTheSameEvents(String lineEnding) {
    byte[] bytes = withLineEnding(TRANSCRIPT, lineEnding);
    Random random = new Random(20260101L + lineEnding.hashCode());
    for (int iteration = 0; iteration < 2_000; iteration++) {
      SseParser parser = new SseParser();
      List<SseEvent> events = new ArrayList<>();
      List<byte[]> chunks = randomSplit(bytes, random);

      for (byte[] chunk : chunks) {
        parser.feed(Buffer.buffer(chunk), events::add);
      }

      assertThat(events)
          .as("iteration %d, splits %s", iteration, sizes(chunks))
          .containsExactlyElementsOf(EXPECTED);
      assertThat(parser.end()).isFalse();
      assertThat(parser.bytesSeen()).isEqualTo(bytes.length);
    }
  }

  @Test
  void byteByByteFeedingSplitsEveryMultiByteCharacterAndEveryCrlf() {
    byte[] bytes = withLineEnding(TRANSCRIPT, "\r\n");
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();

    for (byte b : bytes) {
      parser.feed(Buffer.buffer(new byte[] {b}), events::add);
      parser.feed(Buffer.buffer(), events::add);
    }

    assertThat(events).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void crlfSplitBetweenCrAndLfIsOneLineEnding() {
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();

    parser.feed(Buffer.buffer("data: a\r"), events::add);
    parser.feed(Buffer.buffer("\n"), events::add);
    assertThat(events).isEmpty();
    parser.feed(Buffer.buffer("\r"), events::add);
    parser.feed(Buffer.buffer(""), events::add);
    parser.feed(Buffer.buffer("\ndata: b\r\n\r\n"), events::add);

    assertThat(events).containsExactly(new SseEvent(null, "a"), new SseEvent(null, "b"));
  }

  @Test
  void twoCrsAreABlankLineNotOneLineEnding() {
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();

    parser.feed(Buffer.buffer("data: x\r\r"), events::add);

    assertThat(events).containsExactly(new SseEvent(null, "x"));
  }

  @Test
  void multiByteCharacterCutInTwoIsDecodedWhole() {
    byte[] bytes = "data: 🌍é\n\n".getBytes(StandardCharsets.UTF_8);
    int globe = "data: ".length();
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();

    parser.feed(Buffer.buffer(Arrays.copyOfRange(bytes, 0, globe + 2)), events::add);
    parser.feed(Buffer.buffer(Arrays.copyOfRange(bytes, globe + 2, globe + 5)), events::add);
    parser.feed(Buffer.buffer(Arrays.copyOfRange(bytes, globe + 5, bytes.length)), events::add);

    assertThat(events).containsExactly(new SseEvent(null, "🌍é"));
  }

  @Test
  void severalDataLinesAreJoinedWithLf() {
    List<SseEvent> events = parse("data: {\"a\":\ndata: 1}\ndata:\n\n");

    assertThat(events).containsExactly(new SseEvent(null, "{\"a\":\n1}\n"));
  }

  @Test
  void eventNameIsReportedAndResetAfterDispatch() {
    List<SseEvent> events =
        parse(
            "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
                + "data: {\"type\":\"ping\"}\n\n");

    assertThat(events)
        .containsExactly(
            new SseEvent("message_start", "{\"type\":\"message_start\"}"),
            new SseEvent(null, "{\"type\":\"ping\"}"));
  }

  @Test
  void eventWithoutDataIsNotDispatchedAndItsNameDoesNotLeak() {
    List<SseEvent> events = parse("event: ping\n\nid: 3\n\ndata: next\n\n");

    assertThat(events).containsExactly(new SseEvent(null, "next"));
  }

  @Test
  void commentsAreIgnoredEvenBetweenDataLines() {
    List<SseEvent> events =
        parse(": keep-alive\n\ndata: a\n: OPENROUTER PROCESSING\ndata: b\n\n:\n\n");

    assertThat(events).containsExactly(new SseEvent(null, "a\nb"));
  }

  @Test
  void onlyOneSpaceAfterTheColonIsStripped() {
    List<SseEvent> events = parse("data:{\"x\":1}\n\ndata:  two\n\ndata\n\n");

    assertThat(events)
        .containsExactly(
            new SseEvent(null, "{\"x\":1}"), new SseEvent(null, " two"), new SseEvent(null, ""));
  }

  @Test
  void unknownFieldsAreIgnored() {
    List<SseEvent> events = parse("foo: bar\ndata: x\nDATA: y\n\n");

    assertThat(events).containsExactly(new SseEvent(null, "x"));
  }

  @Test
  void endReportsAnEventCutOffBeforeItsBlankLine() {
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();

    parser.feed(Buffer.buffer("data: complete\n\ndata: {\"choices\":[{\"delta\":"), events::add);

    assertThat(events).containsExactly(new SseEvent(null, "complete"));
    assertThat(parser.end()).isTrue();
  }

  @Test
  void endReportsDataLinesWithoutTheTerminatingBlankLine() {
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();

    parser.feed(Buffer.buffer("data: whole line but no blank line\n"), events::add);

    assertThat(events).isEmpty();
    assertThat(parser.end()).isTrue();
  }

  @Test
  void endReportsAPendingEventName() {
    SseParser parser = new SseParser();

    parser.feed(Buffer.buffer("event: error\n"), e -> {});

    assertThat(parser.end()).isTrue();
  }

  @Test
  void endIsCleanAfterACompleteStream() {
    SseParser parser = new SseParser();

    parser.feed(Buffer.buffer("data: [DONE]\n\n"), e -> {});

    assertThat(parser.end()).isFalse();
  }

  private static List<SseEvent> parse(String text) {
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();
    parser.feed(Buffer.buffer(text), events::add);
    return events;
  }

  private static byte[] withLineEnding(String lfText, String ending) {
    return lfText.replace("\n", ending).getBytes(StandardCharsets.UTF_8);
  }

  /** Cuts at random byte offsets (so inside UTF-8 sequences and CRLFs too), with empty chunks. */
  private static List<byte[]> randomSplit(byte[] bytes, Random random) {
    List<byte[]> chunks = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      if (random.nextInt(8) == 0) {
        chunks.add(new byte[0]);
      }
      int size = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(64);
      int end = Math.min(bytes.length, at + size);
      chunks.add(Arrays.copyOfRange(bytes, at, end));
      at = end;
    }
    return chunks;
  }

  private static List<Integer> sizes(List<byte[]> chunks) {
    return chunks.stream().map(c -> c.length).toList();
  }
}
