package switchboard.route;

import io.vertx.core.Future;
import switchboard.wire.StreamEncoder;

/** Finds a target to continue a broken text-only stream ({@link ContinuationPrompt}). */
@FunctionalInterface
interface PendingContinuation {

  /**
   * Starts the continuation; completes with its relay at its commit point.
   *
   * @param partial the text the client has received
   * @param streamId the id of the client's stream, kept on the continuation's chunks
   * @param client the encoder of the client's dialect
   */
  Future<StreamRelay> resume(String partial, String streamId, StreamEncoder client);
}
