package switchboard.wire.sse;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental, spec-complete Server-Sent Events parser (WHATWG; wire-formats §0). Feed it bytes in
 * any split: lines may end in LF, CRLF or CR (also across feeds), a UTF-8 character may be cut in
 * two, comments are skipped, several {@code data:} lines are joined with LF, and an event without
 * data is not dispatched. One per stream; not thread-safe.
 */
public final class SseParser {

  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final StringBuilder data = new StringBuilder();
  private String eventName;
  private boolean hasData;
  private boolean lastWasCr;
  private long bytesSeen;

  /** Feeds a chunk; complete events go to {@code out} in order. */
  public void feed(Buffer chunk, Consumer<SseEvent> out) {
    byte[] bytes = chunk.getBytes();
    int start = 0;
    if (bytesSeen == 0
        && bytes.length >= 3
        && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      start = 3; // a UTF-8 byte order mark at the very start is not content (WHATWG SSE)
    }
    bytesSeen += bytes.length;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '\n' || b == '\r') {
        if (b == '\n' && lastWasCr && i == start && line.size() == 0) {
          // the LF of a CRLF whose CR ended the previous line
          lastWasCr = false;
          start = i + 1;
          continue;
        }
        line.write(bytes, start, i - start);
        lineEnded(out);
        lastWasCr = b == '\r';
        start = i + 1;
      } else {
        lastWasCr = false;
      }
    }
    line.write(bytes, start, bytes.length - start);
  }

  /**
   * Ends the stream. An event still being assembled is dispatched only if it was terminated by a
   * blank line, so a cut-off stream yields nothing partial. Returns true when bytes were left over,
   * i.e. the stream was cut inside an event.
   */
  public boolean end() {
    return line.size() > 0 || hasData || eventName != null;
  }

  /** Total bytes fed so far. */
  public long bytesSeen() {
    return bytesSeen;
  }

  private void lineEnded(Consumer<SseEvent> out) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.isEmpty()) {
      if (hasData) {
        out.accept(new SseEvent(eventName, data.toString()));
      }
      data.setLength(0);
      hasData = false;
      eventName = null;
      return;
    }
    if (text.charAt(0) == ':') {
      return; // comment, e.g. ": keep-alive" or ": OPENROUTER PROCESSING"
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "event" -> eventName = value;
      default -> {
        // id, retry and unknown fields carry nothing the gateway needs
      }
    }
  }
}
