package switchboard.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import switchboard.model.Usage;

/**
 * What the stages hand to the exit: a complete answer or a stream. The route stage's replies are
 * its own ({@code route/Served}); a stage that answers instead of routing builds an {@link Answer}
 * or a {@link Replay}, which the exit writes in the client's dialect like any other answer (through
 * the same hooks, headers and record). A failure is not a reply: it fails the future.
 */
public interface Reply {

  /** Who answered, for the {@code x-switchboard-*} headers and the request record. */
  Origin origin();

  /**
   * The provider and deployment that produced an answer.
   *
   * @param provider the provider's id, e.g. {@code openai}
   * @param model {@code provider/model} as in {@code x-switchboard-model}
   */
  record Origin(String provider, String model) {}

  /**
   * A complete answer a stage made (a response-cache hit).
   *
   * @param body the answer in the canonical shape (a Chat Completions response)
   * @param usage what to record as its usage ({@link Usage#NONE} when none)
   */
  record Answer(Origin origin, ObjectNode body, Usage usage) implements Reply {}

  /**
   * A finished stream a stage replays (a response-cache hit for {@code "stream": true}): the
   * canonical chunks in order (Chat Completions chunks), encoded for the client and ended cleanly.
   */
  record Replay(Origin origin, List<ObjectNode> chunks, Usage usage) implements Reply {
    public Replay {
      chunks = List.copyOf(chunks);
    }
  }
}
