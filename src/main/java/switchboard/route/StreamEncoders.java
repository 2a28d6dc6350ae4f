package switchboard.route;

import switchboard.pipeline.Dialect;
import switchboard.pipeline.Exchange;
import switchboard.wire.StreamEncoder;
import switchboard.wire.anthropic.inbound.MessagesStreamEncoder;
import switchboard.wire.openai.ChatStreamEncoder;
import switchboard.wire.responses.ResponsesContext;

/** Picks the encoder that writes a stream in the client's dialect. */
public final class StreamEncoders {

  private StreamEncoders() {}

  /**
   * The encoder of a stream translated for {@code exchange}'s client (on a Responses passthrough
   * the relay's {@link switchboard.wire.responses.ResponsesPassthroughEncoder} is built with its
   * decoder instead).
   *
   * <p>The stages' {@link switchboard.pipeline.AnswerHook}s see each canonical chunk before it is
   * encoded.
   *
   * @param passthrough as for {@link #of(Dialect, boolean, boolean)}
   */
  public static StreamEncoder of(Exchange exchange, boolean passthrough) {
    StreamEncoder encoder =
        exchange.inbound() == Dialect.RESPONSES
            ? exchange.get(ResponsesContext.SLOT).translatingEncoder()
            : of(exchange.inbound(), passthrough, exchange.clientWantsUsage);
    return exchange.hooked() ? new HookedEncoder(exchange.hooks(), encoder) : encoder;
  }

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
      case RESPONSES ->
          throw new IllegalArgumentException("a Responses stream's encoder needs its exchange");
      case GEMINI, BEDROCK ->
          throw new IllegalArgumentException("no inbound API speaks " + inbound);
    };
  }
}
