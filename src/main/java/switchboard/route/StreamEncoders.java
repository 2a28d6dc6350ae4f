package switchboard.route;

import switchboard.wire.Dialect;
import switchboard.wire.StreamEncoder;
import switchboard.wire.anthropic.MessagesStreamEncoder;
import switchboard.wire.openai.ChatStreamEncoder;

/** Picks the encoder that writes a stream in the client's dialect. */
final class StreamEncoders {

  private StreamEncoders() {}

  /**
   * @param inbound the client's dialect
   * @param passthrough whether upstream frames are relayed untranslated (same non-canonical
   *     dialect): the encoder then only writes the end and error frames
   * @param forwardUsage whether an OpenAI client asked for the usage chunk
   */
  static StreamEncoder of(Dialect inbound, boolean passthrough, boolean forwardUsage) {
    return switch (inbound) {
      case OPENAI -> new ChatStreamEncoder(forwardUsage);
      case ANTHROPIC ->
          passthrough ? MessagesStreamEncoder.passthrough() : MessagesStreamEncoder.translating();
      case GEMINI, BEDROCK ->
          throw new IllegalArgumentException("no inbound API speaks " + inbound);
    };
  }
}
