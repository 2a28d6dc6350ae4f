package switchboard.route;

import io.vertx.core.Vertx;
import java.util.function.LongSupplier;

/**
 * The idle limit of a stream after its head: when the upstream sends nothing for the limit while
 * the relay is not holding it back for a slow client, the stream is stalled. One timer per stream,
 * re-armed only when it fires (a chunk only notes the time), and cancelled when the stream ends, so
 * nothing outlives the request. (Vert.x's own request idle timeout stops at the response head, and
 * re-arming it afterwards leaves a timer holding the whole request for the full limit after the
 * answer ended: at thousands of requests a second that filled the heap.) Event loop only.
 */
final class IdleWatch {

  private final Vertx vertx;
  private final LongSupplier nanos;
  private final long limitMillis;
  private final Runnable onStall;
  private long lastFedNanos;
  private boolean paused;
  private boolean stopped;
  private long timer;

  IdleWatch(Vertx vertx, LongSupplier nanos, long limitMillis, Runnable onStall) {
    this.vertx = vertx;
    this.nanos = nanos;
    this.limitMillis = Math.max(1, limitMillis);
    this.onStall = onStall;
    this.lastFedNanos = nanos.getAsLong();
    arm(this.limitMillis);
  }

  /** The upstream sent something. */
  void fed() {
    lastFedNanos = nanos.getAsLong();
  }

  /**
   * The relay paused the upstream for a slow client (not the upstream's silence), or resumed it.
   */
  void paused(boolean paused) {
    this.paused = paused;
    lastFedNanos = nanos.getAsLong();
  }

  void stop() {
    if (!stopped) {
      stopped = true;
      vertx.cancelTimer(timer);
    }
  }

  private void arm(long delayMillis) {
    timer = vertx.setTimer(Math.max(1, delayMillis), id -> check());
  }

  private void check() {
    if (stopped) {
      return;
    }
    long quietMillis = (nanos.getAsLong() - lastFedNanos) / 1_000_000;
    if (paused || quietMillis < limitMillis) {
      arm(paused ? limitMillis : limitMillis - quietMillis);
      return;
    }
    stopped = true;
    onStall.run();
  }
}
