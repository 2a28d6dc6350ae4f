package switchboard.wire.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import switchboard.wire.StreamEncoder;

/**
 * Writes a stream in OpenAI's SSE framing: {@code data: <chunk>} events, {@code data: [DONE]} at a
 * clean end, an error event (and no {@code [DONE]}) when the stream broke. The usage chunk goes out
 * only when the client asked for it ({@code stream_options.include_usage}).
 */
public final class ChatStreamEncoder implements StreamEncoder {

  private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
  private static final Buffer EMPTY = Buffer.buffer();

  private final boolean forwardUsage;

  public ChatStreamEncoder(boolean forwardUsage) {
    this.forwardUsage = forwardUsage;
  }

  @Override
  public Buffer chunk(ObjectNode chunk) {
    if (!forwardUsage && chunk.path("choices").isEmpty() && chunk.has("usage")) {
      return EMPTY;
    }
    return frame(chunk.toString());
  }

  @Override
  public Buffer end() {
    return DONE;
  }

  @Override
  public Buffer error(String type, String message) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode body = root.putObject("error");
    body.put("message", message);
    body.put("type", "upstream_error");
    body.putNull("param");
    body.put("code", type);
    return frame(root.toString());
  }

  private static Buffer frame(String json) {
    return Buffer.buffer(json.length() + 8)
        .appendString("data: ")
        .appendString(json)
        .appendString("\n\n");
  }
}
