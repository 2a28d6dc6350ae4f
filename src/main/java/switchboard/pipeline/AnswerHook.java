package switchboard.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sees, and may change, a request's answer on its way to the client; registered by a stage with
 * {@link Exchange#hook} before it passes on. Answers and chunks are in the canonical shape (Chat
 * Completions), before they are written in the client's dialect: an exchange with a hook is never
 * passed through untranslated, so every dialect looks the same here. Hooks run in reverse order of
 * registration (the stage nearest the answer first), on the event loop; they must not block.
 */
public interface AnswerHook {

  /** A complete answer; returns the one to send (this tree, changed, or another). */
  default ObjectNode answer(ObjectNode answer) {
    return answer;
  }

  /** One chunk of a stream, before it is encoded for the client; returns the chunk to send. */
  default ObjectNode chunk(ObjectNode chunk) {
    return chunk;
  }

  /**
   * The request is over, on every path, once: after the last byte of a complete answer or a
   * stream's end, or on a failure or the client leaving. {@code outcome.status()} is 200 only for
   * an answer delivered whole (a stream that ended cleanly).
   */
  default void finished(Outcome outcome) {}

  /**
   * How a request ended, as recorded.
   *
   * @param status the recorded status: 200, an error status, 499 when the client left, 502 for a
   *     stream broken after its commit point
   * @param errorType null on success, else the recorded error type
   * @param origin who answered, or null when nobody did
   * @param usage the answer's usage as metered, or null when nothing was served
   */
  record Outcome(int status, String errorType, Reply.Origin origin, switchboard.model.Usage usage) {
    public boolean delivered() {
      return status == 200;
    }
  }
}
