package switchboard.route;

import io.vertx.core.buffer.Buffer;
import switchboard.provider.UpstreamError;

/**
 * What a reader of an upstream stream ({@link OpenAiEvents}, {@link DecodedEvents}) makes of what
 * it read, for the {@link StreamRelay} to act on: the readers only translate, the relay alone
 * decides what is written, held back or ended.
 */
sealed interface StreamStep {

  /** Nothing to write (a dropped or tapped-only chunk). */
  StreamStep NOTHING = new Nothing();

  /**
   * A frame for the client, in its dialect.
   *
   * @param content whether it carries content or a finish reason: the commit point
   */
  record Emit(Buffer frame, boolean content) implements StreamStep {}

  /** The dialect's explicit terminal frame arrived. */
  record Done() implements StreamStep {}

  /** The upstream failed inside the stream (an in-band error, a malformed chunk). */
  record Fail(UpstreamError error) implements StreamStep {}

  /** See {@link #NOTHING}. */
  record Nothing() implements StreamStep {}

  StreamStep DONE = new Done();
}
