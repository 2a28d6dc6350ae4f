package switchboard;

import java.util.ArrayList;
import java.util.List;

/** Splits a raw SSE body into its events' {@code data} payloads (tests only; LF framing). */
final class Sse {

  private Sse() {}

  static List<String> data(String body) {
    List<String> out = new ArrayList<>();
    for (String event : body.replace("\r\n", "\n").split("\n\n")) {
      StringBuilder data = new StringBuilder();
      for (String line : event.split("\n")) {
        if (line.startsWith("data:")) {
          data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).stripLeading());
        }
      }
      if (data.length() > 0) {
        out.add(data.toString());
      }
    }
    return out;
  }
}
