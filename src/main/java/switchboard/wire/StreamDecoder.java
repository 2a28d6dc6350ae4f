package switchboard.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * Reads one upstream stream in its own dialect and reports it as canonical chunks (OpenAI {@code
 * chat.completion.chunk} objects). Incremental: bytes arrive in any split, even inside a UTF-8
 * character or a frame header. Stateful, one instance per stream, not thread-safe, no I/O.
 */
public interface StreamDecoder {

  /** Feeds the next bytes; reports every frame they complete to {@code out}, in order. */
  void feed(Buffer bytes, Out out);

  /**
   * The upstream closed the stream. Returns false when it was cut inside a frame (bytes of an
   * incomplete frame were left over).
   */
  boolean end(Out out);

  /** Where a decoder reports what it read. For each upstream frame: its chunks, then the frame. */
  interface Out {

    /**
     * One canonical chunk. Chunks carry {@code id}, {@code object}, {@code created}, {@code model}
     * and {@code choices[0]} with {@code index} 0 and a {@code delta}; the first carries {@code
     * delta.role}; tool calls come as {@code delta.tool_calls[]} fragments with {@code index} (and
     * {@code id}, {@code type}, {@code function.name} on a call's first fragment); the chunk that
     * ends the answer carries {@code finish_reason}; usage comes last as a chunk with empty {@code
     * choices} and a canonical {@code usage} ({@code prompt_tokens} counting cached tokens, {@code
     * prompt_tokens_details.cached_tokens} and {@code .cache_write_tokens}, {@code
     * completion_tokens}, {@code completion_tokens_details.reasoning_tokens}, {@code
     * total_tokens}).
     */
    void chunk(ObjectNode chunk);

    /**
     * The upstream frame the chunks just reported came from, in the upstream's own framing (for
     * SSE: the whole event, ending with its blank line). Forwarded as it is when the client speaks
     * the upstream's dialect. Not reported for the dialect's terminal frame (see {@link #done}).
     */
    void frame(Buffer raw);

    /**
     * The dialect's explicit terminal frame arrived (OpenAI {@code [DONE]}, Anthropic {@code
     * message_stop}).
     */
    void done();

    /**
     * An error reported inside the stream (after a 200), in the upstream's own error shape (the
     * object with {@code type} and {@code message}, or Gemini's {@code error}); the provider
     * classifies it.
     */
    void error(JsonNode error);

    /** The bytes are not this dialect's framing or not JSON where JSON is due. */
    void malformed(String why);
  }
}
