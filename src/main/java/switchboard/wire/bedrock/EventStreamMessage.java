package switchboard.wire.bedrock;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * One decoded AWS event-stream message.
 *
 * @param headers the headers whose values are strings (type 7); other value types are skipped
 * @param payload the payload bytes (JSON for Bedrock)
 * @param raw the whole message as it arrived, prelude to message CRC
 */
public record EventStreamMessage(Map<String, String> headers, byte[] payload, Buffer raw) {

  /** A header value, or null. */
  public String header(String name) {
    return headers.get(name);
  }
}
