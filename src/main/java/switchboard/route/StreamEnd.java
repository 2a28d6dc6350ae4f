package switchboard.route;

import java.util.function.Supplier;
import switchboard.model.Usage;
import switchboard.provider.UpstreamError;
import switchboard.wire.StreamEncoder;

/**
 * How a relayed stream ended, and all the exit needs to close and record it, in one value: complete
 * (the encoder's clean end follows) or broken (its error event, and no clean end). After a
 * continuation it describes the whole answer the client received: the continuing target's model,
 * usage and encoder, the text of both, the first content of the first.
 *
 * @param error null when the stream completed
 * @param servedModel the model the upstream reported, or null
 * @param finishReason the last finish reason seen, or null
 * @param usage the usage the provider reported, or null (then {@code relayedText} is counted)
 * @param relayedText the text relayed (content, reasoning, tool calls), built when asked
 * @param firstContentNanos when the first content arrived (the clock's nanos), 0 when none did
 * @param encoder writes the client's dialect: its end or error frame closes the stream
 */
public record StreamEnd(
    UpstreamError error,
    String servedModel,
    String finishReason,
    Usage usage,
    Supplier<String> relayedText,
    long firstContentNanos,
    StreamEncoder encoder) {

  public boolean complete() {
    return error == null;
  }

  /** This stream's end as carried on by {@code continued}, the stream that continued it. */
  StreamEnd continuedBy(StreamEnd continued) {
    Supplier<String> before = relayedText;
    return new StreamEnd(
        continued.error,
        continued.servedModel != null ? continued.servedModel : servedModel,
        continued.finishReason,
        continued.usage,
        () -> before.get() + continued.relayedText.get(),
        firstContentNanos,
        continued.encoder);
  }
}
