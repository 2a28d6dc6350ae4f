package switchboard.wire.bedrock;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The AWS binary event-stream framing ({@code application/vnd.amazon.eventstream}) that Bedrock's
 * {@code converse-stream} answers in. Each message: total length (u32, big-endian, the whole
 * message), headers length (u32), prelude CRC32 (of the first 8 bytes), headers, payload, message
 * CRC32 (of every byte before it). A header is name length (u8), name, value type (u8), value; type
 * 7 is a string with a u16 length.
 *
 * <p>An instance is an incremental decoder for one stream: bytes may arrive in any split. Not
 * thread-safe, no I/O. The static {@link #encode} builds messages (for the simulator and tests).
 */
public final class EventStreamFrames {

  /** A frame larger than this is taken for garbage rather than buffered (AWS caps at 16 MiB). */
  static final int MAX_MESSAGE = 16 * 1024 * 1024;

  private static final int PRELUDE = 12;
  private static final int STRING = 7;

  private Buffer pending = Buffer.buffer();

  /** Thrown when the bytes are not event-stream framing (length or CRC wrong). */
  public static final class MalformedFrame extends RuntimeException {
    MalformedFrame(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Feeds the next bytes; returns every message they complete, in order.
   *
   * @throws MalformedFrame on a bad length, a CRC mismatch or a bad header
   */
  public List<EventStreamMessage> feed(Buffer bytes) {
    if (bytes != null && bytes.length() > 0) {
      pending.appendBuffer(bytes);
    }
    List<EventStreamMessage> out = new ArrayList<>();
    while (pending.length() >= PRELUDE) {
      long total = pending.getUnsignedInt(0);
      long headersLength = pending.getUnsignedInt(4);
      long preludeCrc = pending.getUnsignedInt(8);
      if (crc(pending, 0, 8) != preludeCrc) {
        throw new MalformedFrame("event-stream prelude CRC mismatch");
      }
      if (total < PRELUDE + 4 || total > MAX_MESSAGE || headersLength > total - PRELUDE - 4) {
        throw new MalformedFrame("event-stream message length " + total + " is impossible");
      }
      if (pending.length() < total) {
        break;
      }
      int length = (int) total;
      if (crc(pending, 0, length - 4) != pending.getUnsignedInt(length - 4)) {
        throw new MalformedFrame("event-stream message CRC mismatch");
      }
      Buffer raw = pending.getBuffer(0, length);
      int headersEnd = PRELUDE + (int) headersLength;
      Map<String, String> headers = headers(raw, PRELUDE, headersEnd);
      byte[] payload = raw.getBytes(headersEnd, length - 4);
      out.add(new EventStreamMessage(headers, payload, raw));
      pending = pending.getBuffer(length, pending.length());
    }
    return out;
  }

  /** Whether bytes of an incomplete message are buffered. */
  public boolean hasPartial() {
    return pending.length() > 0;
  }

  /** An {@code event} message as Bedrock sends it: JSON payload, the three standard headers. */
  public static Buffer encode(String eventType, String payloadJson) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", eventType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "event");
    return encode(headers, payloadJson.getBytes(StandardCharsets.UTF_8));
  }

  /** An {@code exception} message, e.g. {@code throttlingException} with {@code {"message":…}}. */
  public static Buffer encodeException(String exceptionType, String payloadJson) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":exception-type", exceptionType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "exception");
    return encode(headers, payloadJson.getBytes(StandardCharsets.UTF_8));
  }

  /** A message with the given string headers (in order) and payload. */
  public static Buffer encode(Map<String, String> headers, byte[] payload) {
    Buffer head = Buffer.buffer();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      byte[] name = h.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = h.getValue().getBytes(StandardCharsets.UTF_8);
      if (name.length > 255 || value.length > 65535) {
        throw new IllegalArgumentException("event-stream header too long: " + h.getKey());
      }
      head.appendUnsignedByte((short) name.length)
          .appendBytes(name)
          .appendUnsignedByte((short) STRING)
          .appendUnsignedShort(value.length)
          .appendBytes(value);
    }
    int total = PRELUDE + head.length() + payload.length + 4;
    Buffer out = Buffer.buffer(total);
    out.appendUnsignedInt(total).appendUnsignedInt(head.length());
    out.appendUnsignedInt(crc(out, 0, 8));
    out.appendBuffer(head).appendBytes(payload);
    out.appendUnsignedInt(crc(out, 0, out.length()));
    return out;
  }

  private static Map<String, String> headers(Buffer raw, int from, int to) {
    Map<String, String> out = new LinkedHashMap<>();
    int at = from;
    try {
      while (at < to) {
        int nameLength = raw.getUnsignedByte(at++);
        if (at + nameLength + 1 > to) {
          throw new MalformedFrame("event-stream header name runs past the headers");
        }
        String name = raw.getString(at, at + nameLength, "UTF-8");
        at += nameLength;
        int type = raw.getUnsignedByte(at++);
        int size =
            switch (type) {
              case 0, 1 -> 0; // boolean true / false: no value bytes
              case 2 -> 1;
              case 3 -> 2;
              case 4 -> 4;
              case 5, 8 -> 8; // long, timestamp
              case 9 -> 16; // uuid
              case 6, STRING -> {
                int length = raw.getUnsignedShort(at);
                at += 2;
                yield length;
              }
              default ->
                  throw new MalformedFrame("event-stream header type " + type + " is unknown");
            };
        if (at + size > to) {
          throw new MalformedFrame("event-stream header " + name + " runs past the headers");
        }
        if (type == STRING) {
          out.put(name, raw.getString(at, at + size, "UTF-8"));
        }
        at += size;
      }
    } catch (IndexOutOfBoundsException e) {
      throw new MalformedFrame("event-stream headers are truncated");
    }
    return out;
  }

  private static long crc(Buffer bytes, int from, int to) {
    CRC32 crc = new CRC32();
    crc.update(bytes.getBytes(from, to));
    return crc.getValue();
  }
}
