package switchboard.route;

import io.vertx.core.buffer.Buffer;

/** Where a committed stream goes: the client's response. Called on the event loop only. */
public interface StreamSink {

  /** Writes one SSE frame, already framed ({@code data: …\n\n}). */
  void frame(Buffer frame);

  /** Whether the client is slower than the upstream: the relay pauses the upstream until drain. */
  boolean writeQueueFull();

  void drainHandler(Runnable onDrain);

  /** The stream is over; called exactly once. */
  void end(StreamEnd end);
}
