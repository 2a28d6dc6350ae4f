package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import switchboard.wire.sse.SseParser;

/** A Responses SSE transcript read back as its events' data objects, names checked. */
final class Events {

  private Events() {}

  static List<JsonNode> of(String sse) {
    List<JsonNode> out = new ArrayList<>();
    SseParser parser = new SseParser();
    parser.feed(
        Buffer.buffer(sse),
        event -> {
          JsonNode data = ResponsesReaderTest.body(event.data());
          if (!data.path("type").asText().equals(event.event())) {
            throw new AssertionError("event name " + event.event() + " but type " + data);
          }
          out.add(data);
        });
    if (parser.end()) {
      throw new AssertionError("transcript cut inside an event: " + sse);
    }
    return out;
  }

  static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.path("type").asText()).toList();
  }
}
