package switchboard.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * Writes a stream to the client in the inbound dialect, from canonical chunks. Stateful, one per
 * stream, not thread-safe, no I/O. Every method returns the bytes to write, possibly empty.
 */
public interface StreamEncoder {

  /** The frames for one canonical chunk (see {@link StreamDecoder.Out#chunk}). */
  Buffer chunk(ObjectNode chunk);

  /** The frames that end a complete stream (OpenAI: {@code data: [DONE]}). */
  Buffer end();

  /**
   * The frames that end a broken stream: the dialect's error event, never a clean end.
   *
   * @param type the dialect-neutral error class, e.g. {@code stream_broken}
   * @param message what the client is told
   */
  Buffer error(String type, String message);

  /**
   * A raw upstream frame relayed to a client that speaks the upstream's dialect; an encoder may
   * patch it (the Responses relay echoes the {@code previous_response_id}). Unchanged by default.
   */
  default Buffer relayed(Buffer raw) {
    return raw;
  }
}
