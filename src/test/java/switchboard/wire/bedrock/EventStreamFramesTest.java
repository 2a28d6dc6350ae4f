package switchboard.wire.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStreamFramesTest {

  private static Buffer bytes(int... values) {
    Buffer out = Buffer.buffer();
    for (int v : values) {
      out.appendUnsignedByte((short) v);
    }
    return out;
  }

  /**
   * Published vectors (hex.pm package event_stream 0.1.0, lib/event_stream.ex doc-tests): the
   * payload {"foo": "bar"} without headers, and with content-type: application/json.
   */
  @Test
  void encodesThePublishedVectors() {
    byte[] payload = "{\"foo\": \"bar\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(EventStreamFrames.encode(Map.of(), payload))
        .isEqualTo(
            bytes(
                0, 0, 0, 30, 0, 0, 0, 0, 186, 242, 246, 138, 123, 34, 102, 111, 111, 34, 58, 32, 34,
                98, 97, 114, 34, 125, 174, 114, 88, 228));
    assertThat(EventStreamFrames.encode(Map.of("content-type", "application/json"), payload))
        .isEqualTo(
            bytes(
                0, 0, 0, 62, 0, 0, 0, 32, 64, 93, 249, 70, 12, 99, 111, 110, 116, 101, 110, 116, 45,
                116, 121, 112, 101, 7, 0, 16, 97, 112, 112, 108, 105, 99, 97, 116, 105, 111, 110,
                47, 106, 115, 111, 110, 123, 34, 102, 111, 111, 34, 58, 32, 34, 98, 97, 114, 34,
                125, 111, 162, 191, 59));
  }

  @Test
  void decodesWhatItEncodes() {
    Buffer frame =
        EventStreamFrames.encode(
            "contentBlockDelta",
            "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"caf\u00e9 \u65e5\u672c\"}}");
    List<EventStreamMessage> messages = new EventStreamFrames().feed(frame);
    assertThat(messages).hasSize(1);
    EventStreamMessage m = messages.get(0);
    assertThat(m.headers())
        .containsExactly(
            Map.entry(":event-type", "contentBlockDelta"),
            Map.entry(":content-type", "application/json"),
            Map.entry(":message-type", "event"));
    assertThat(new String(m.payload(), StandardCharsets.UTF_8))
        .isEqualTo("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"caf\u00e9 \u65e5\u672c\"}}");
    assertThat(m.raw()).isEqualTo(frame);
  }

  @Test
  void everySplitPointGivesTheSameMessages() {
    Buffer stream =
        Buffer.buffer()
            .appendBuffer(EventStreamFrames.encode("messageStart", "{\"role\":\"assistant\"}"))
            .appendBuffer(
                EventStreamFrames.encodeException("throttlingException", "{\"message\":\"slow\"}"));
    for (int split = 0; split <= stream.length(); split++) {
      EventStreamFrames frames = new EventStreamFrames();
      List<EventStreamMessage> all = new ArrayList<>(frames.feed(stream.getBuffer(0, split)));
      all.addAll(frames.feed(Buffer.buffer()));
      all.addAll(frames.feed(stream.getBuffer(split, stream.length())));
      assertThat(all).as("split at %d", split).hasSize(2);
      assertThat(all.get(1).header(":exception-type")).isEqualTo("throttlingException");
      assertThat(frames.hasPartial()).isFalse();
    }
  }

  @Test
  void byteByByteWorksAndPartialsAreSeen() {
    Buffer frame = EventStreamFrames.encode("messageStop", "{\"stopReason\":\"end_turn\"}");
    EventStreamFrames frames = new EventStreamFrames();
    for (int i = 0; i < frame.length() - 1; i++) {
      assertThat(frames.feed(frame.getBuffer(i, i + 1))).isEmpty();
      assertThat(frames.hasPartial()).isTrue();
    }
    assertThat(frames.feed(frame.getBuffer(frame.length() - 1, frame.length()))).hasSize(1);
  }

  @Test
  void aFlippedByteAnywhereIsCaught() {
    Buffer frame = EventStreamFrames.encode("messageStart", "{\"role\":\"assistant\"}");
    for (int i = 0; i < frame.length(); i++) {
      Buffer bad = frame.copy();
      bad.setUnsignedByte(i, (short) (bad.getUnsignedByte(i) ^ 0x20));
      int at = i;
      assertThatThrownBy(() -> new EventStreamFrames().feed(bad))
          .as("flip at %d", at)
          .isInstanceOf(EventStreamFrames.MalformedFrame.class);
    }
  }

  @Test
  void otherHeaderTypesAreSkipped() {
    // :date as a timestamp (type 8) and a boolean (type 0) before a string header.
    Buffer head = Buffer.buffer();
    head.appendUnsignedByte((short) 5)
        .appendString(":date")
        .appendUnsignedByte((short) 8)
        .appendLong(1L);
    head.appendUnsignedByte((short) 2).appendString("ok").appendUnsignedByte((short) 0);
    head.appendUnsignedByte((short) 11)
        .appendString(":event-type")
        .appendUnsignedByte((short) 7)
        .appendUnsignedShort(8)
        .appendString("metadata");
    Buffer frame = withHeaders(head, "{}");
    EventStreamMessage m = new EventStreamFrames().feed(frame).get(0);
    assertThat(m.headers()).containsExactly(Map.entry(":event-type", "metadata"));
  }

  @Test
  void impossibleLengthsAreMalformed() {
    Buffer tiny = Buffer.buffer().appendUnsignedInt(8).appendUnsignedInt(0);
    tiny.appendUnsignedInt(crc(tiny));
    assertThatThrownBy(() -> new EventStreamFrames().feed(tiny))
        .isInstanceOf(EventStreamFrames.MalformedFrame.class)
        .hasMessageContaining("length");
    assertThatThrownBy(() -> new EventStreamFrames().feed(Buffer.buffer("not an event stream!")))
        .isInstanceOf(EventStreamFrames.MalformedFrame.class);
  }

  private static Buffer withHeaders(Buffer head, String payload) {
    Map<String, String> none = new LinkedHashMap<>();
    Buffer plain = EventStreamFrames.encode(none, payload.getBytes(StandardCharsets.UTF_8));
    int total = plain.length() + head.length();
    Buffer out = Buffer.buffer().appendUnsignedInt(total).appendUnsignedInt(head.length());
    out.appendUnsignedInt(crc(out));
    out.appendBuffer(head).appendString(payload);
    out.appendUnsignedInt(crc(out));
    return out;
  }

  private static long crc(Buffer b) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b.getBytes());
    return crc.getValue();
  }
}
