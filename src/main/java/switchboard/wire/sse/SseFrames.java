package switchboard.wire.sse;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes events in SSE framing. The data of a relayed event may hold line breaks (an upstream may
 * spread one event over several {@code data:} lines, which {@link SseParser} joins with LF); each
 * line then gets its own {@code data:} field, so the client reads back the same data and never sees
 * a line without a field name.
 */
public final class SseFrames {

  private SseFrames() {}

  /**
   * The event: its name when it has one, a {@code data:} line per line of its data, a blank line.
   */
  public static Buffer of(SseEvent event) {
    return of(event.event(), event.data());
  }

  /** As {@link #of(SseEvent)}, for a name (null for none) and data. */
  public static Buffer of(String name, String data) {
    StringBuilder out = new StringBuilder(data.length() + 32);
    if (name != null) {
      out.append("event: ").append(name).append('\n');
    }
    int start = 0;
    while (true) {
      int end = nextBreak(data, start);
      out.append("data: ").append(data, start, end < 0 ? data.length() : end).append('\n');
      if (end < 0) {
        break;
      }
      // CRLF counts as one break; a lone CR or LF as one each (the WHATWG line ends)
      start = data.startsWith("\r\n", end) ? end + 2 : end + 1;
    }
    out.append('\n');
    return Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static int nextBreak(String data, int from) {
    for (int i = from; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return -1;
  }
}
