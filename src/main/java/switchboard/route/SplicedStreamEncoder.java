package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import switchboard.wire.StreamEncoder;

/**
 * Splices a continuing target's stream into a stream the client is already reading: the role chunk
 * is dropped (the client has it), chunks take the original stream's id, and the first content is
 * held until it can be told how much of it repeats the end of the partial answer ({@link
 * ContinuationPrompt#overlap}); that much is cut. Then everything passes through the client's
 * encoder.
 */
final class SplicedStreamEncoder implements StreamEncoder {

  /** Enough of the continuation to recognise a repeated tail of the partial answer. */
  private static final int WINDOW = 256;

  private final StreamEncoder client;
  private final String partial;
  private final String streamId;
  private final StringBuilder head = new StringBuilder();
  private ObjectNode headChunk;
  private boolean spliced;

  SplicedStreamEncoder(StreamEncoder client, String partial, String streamId) {
    this.client = client;
    this.partial = partial;
    this.streamId = streamId;
  }

  @Override
  public Buffer chunk(ObjectNode chunk) {
    if (streamId != null && chunk.has("id")) {
      chunk.put("id", streamId);
    }
    if (spliced) {
      return client.chunk(chunk);
    }
    JsonNode delta = chunk.path("choices").path(0).path("delta");
    if (delta instanceof ObjectNode d) {
      d.remove("role");
    }
    String text = delta.path("content").asText("");
    boolean last =
        chunk.path("choices").path(0).hasNonNull("finish_reason")
            || chunk.path("choices").isEmpty();
    if (!text.isEmpty()) {
      head.append(text);
      headChunk = chunk;
    }
    if (head.length() < Math.min(WINDOW, partial.length()) && !last) {
      return Buffer.buffer();
    }
    return splice(last && headChunk != chunk ? chunk : null);
  }

  /** Writes the held head minus the overlap, then {@code after} (the chunk that ended it). */
  private Buffer splice(ObjectNode after) {
    spliced = true;
    Buffer out = Buffer.buffer();
    if (headChunk != null) {
      String rest = head.substring(ContinuationPrompt.overlap(partial, head.toString()));
      ((ObjectNode) headChunk.path("choices").path(0).path("delta")).put("content", rest);
      if (!rest.isEmpty() || headChunk.path("choices").path(0).hasNonNull("finish_reason")) {
        out.appendBuffer(client.chunk(headChunk));
      }
    }
    if (after != null) {
      out.appendBuffer(client.chunk(after));
    }
    return out;
  }

  @Override
  public Buffer end() {
    Buffer out = spliced ? Buffer.buffer() : splice(null);
    return out.appendBuffer(client.end());
  }

  @Override
  public Buffer error(String type, String message) {
    Buffer out = spliced ? Buffer.buffer() : splice(null);
    return out.appendBuffer(client.error(type, message));
  }
}
