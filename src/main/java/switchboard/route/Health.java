package switchboard.route;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live state of one deployment ({@code provider/model}), shared by all requests. Lock-free; written
 * by the dispatcher (and the active checker), read by policies, the admin API and metrics.
 *
 * <p>Design note. The breaker is one immutable {@link State} swapped by compare-and-set, so every
 * transition sees a consistent picture without locks (Caddy's {@code Host} counters, made atomic as
 * a whole). Closed: failures are counted, in a row and in a fixed window; either limit opens the
 * breaker for a cooldown. Open: {@link #admit} refuses without any network call. After the
 * cooldown, exactly one request is admitted as the half-open probe; its success closes the breaker,
 * its failure opens it for another cooldown. A probe that never reports (a lost request) frees its
 * slot after one cooldown. Independently, a 429 with {@code retry-after} skips the deployment until
 * then. Latency is an EWMA per kind (time to first token of streams, time per output token of other
 * answers) plus a ring of recent first-token times for a p95 (hedging). Time always comes in as a
 * parameter, so tests drive it.
 */
public final class Health {

  /** The breaker's position. HALF_OPEN means the probe request is out. */
  public enum Mode {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /** Told about every breaker transition (metrics). */
  @FunctionalInterface
  interface Listener {
    void changed(String deployment, Mode from, Mode to);
  }

  /**
   * One consistent picture of the breaker; never mutated. Times are monotonic nanos.
   *
   * @param consecutive failures in a row
   * @param requests requests in the current error-rate window
   * @param failures failures in the current error-rate window
   */
  public record State(
      Mode mode,
      int consecutive,
      long windowStart,
      int requests,
      int failures,
      long openUntil,
      long probeSince,
      long retryAt) {}

  /**
   * What the other nodes of a cluster report for this deployment ({@link HealthSync}): a breaker
   * open on one of them until {@code openUntil} (monotonic nanos here), and the mean of their
   * latency EWMAs over {@code ttftNodes} / {@code perTokenNodes} nodes (NaN when none measured).
   */
  public record Peers(
      boolean open,
      long openUntil,
      double ttftMs,
      int ttftNodes,
      double perTokenMs,
      int perTokenNodes) {
    public static final Peers NONE = new Peers(false, 0, Double.NaN, 0, Double.NaN, 0);
  }

  private static final int RING = 64;

  /** "No retry-after pending", far enough back for any reader's clock, short of overflow. */
  private static final long LONG_AGO = 1L << 62;

  private final String deployment;
  private final HealthSettings settings;
  private final Listener listener;
  private final AtomicReference<State> state;
  private final AtomicInteger inflight = new AtomicInteger();
  private final AtomicLong ttftEwma = new AtomicLong(Double.doubleToLongBits(Double.NaN));
  private final AtomicLong perTokenEwma = new AtomicLong(Double.doubleToLongBits(Double.NaN));
  private final AtomicLongArray ttftRing = new AtomicLongArray(RING);
  private final AtomicLong ttftSamples = new AtomicLong();
  private volatile Peers peers = Peers.NONE;

  Health(String deployment, HealthSettings settings, long now, Listener listener) {
    this.deployment = deployment;
    this.settings = settings;
    this.listener = listener;
    this.state =
        new AtomicReference<>(new State(Mode.CLOSED, 0, now, 0, 0, now, now, now - LONG_AGO));
  }

  public String deployment() {
    return deployment;
  }

  /** The current picture, for the admin API and the dry run. */
  public State state() {
    return state.get();
  }

  /** Whether a request would be admitted now, without claiming the probe slot. */
  public boolean available(long now) {
    return refusal(state.get(), now) == null;
  }

  /** Why a request would be refused now ({@code circuit open}, {@code retry-after}), or null. */
  public String refusal(long now) {
    return refusal(state.get(), now);
  }

  /**
   * Admits a request, or refuses it with no network call. After a cooldown this claims the single
   * half-open probe slot, so concurrent callers see exactly one admission.
   */
  public boolean admit(long now) {
    while (true) {
      State s = state.get();
      if (refusal(s, now) != null) {
        return false;
      }
      if (s.mode == Mode.CLOSED) {
        inflight.incrementAndGet();
        return true;
      }
      State probing =
          new State(
              Mode.HALF_OPEN,
              s.consecutive,
              s.windowStart,
              s.requests,
              s.failures,
              s.openUntil,
              now,
              s.retryAt);
      if (state.compareAndSet(s, probing)) {
        inflight.incrementAndGet();
        changed(s.mode, Mode.HALF_OPEN);
        return true;
      }
    }
  }

  /** An admitted request served. Closes a half-open breaker. */
  public void succeeded(long now) {
    inflight.decrementAndGet();
    update(now, false, null);
  }

  /** An admitted request failed in a way that is the deployment's fault. */
  public void failed(long now, Duration retryAfter) {
    inflight.decrementAndGet();
    update(now, true, retryAfter);
  }

  /** A committed stream broke later: counts as a failure, but nothing is in flight any more. */
  public void brokeAfterCommit(long now) {
    update(now, true, null);
  }

  /**
   * An admitted request ended without a verdict on the deployment (client gone, hedge lost, the
   * request's own fault): frees a probe slot so the next request can probe.
   */
  public void released(long now) {
    inflight.decrementAndGet();
    while (true) {
      State s = state.get();
      if (s.mode != Mode.HALF_OPEN) {
        return;
      }
      State open =
          new State(
              Mode.OPEN, s.consecutive, s.windowStart, s.requests, s.failures, now, 0, s.retryAt);
      if (state.compareAndSet(s, open)) {
        changed(Mode.HALF_OPEN, Mode.OPEN);
        return;
      }
    }
  }

  /** Records a time to first token (streams). */
  public void firstToken(long nanos) {
    double millis = nanos / 1e6;
    ewma(ttftEwma, millis);
    long n = ttftSamples.getAndIncrement();
    ttftRing.set((int) (n % RING), nanos);
  }

  /** Records a complete answer's latency per output token. */
  public void perToken(long nanos, long outputTokens) {
    ewma(perTokenEwma, nanos / 1e6 / Math.max(1, outputTokens));
  }

  /** Replaces what the other nodes report (one {@link HealthSync} round). */
  public void peers(Peers reported) {
    this.peers = reported;
  }

  public Peers peers() {
    return peers;
  }

  /** Time to first token in ms across the cluster: this node's EWMA averaged with the others'. */
  public double clusterTtftMillis() {
    Peers p = peers;
    return blend(ttftMillis(), p.ttftMs(), p.ttftNodes());
  }

  /** Ms per output token across the cluster, as {@link #clusterTtftMillis}. */
  public double clusterPerTokenMillis() {
    Peers p = peers;
    return blend(perTokenMillis(), p.perTokenMs(), p.perTokenNodes());
  }

  private static double blend(double own, double others, int nodes) {
    if (nodes == 0 || Double.isNaN(others)) {
      return own;
    }
    return Double.isNaN(own) ? others : (own + others * nodes) / (nodes + 1);
  }

  /** EWMA of time to first token in ms; NaN until measured. */
  public double ttftMillis() {
    return Double.longBitsToDouble(ttftEwma.get());
  }

  /** EWMA of ms per output token of non-streamed answers; NaN until measured. */
  public double perTokenMillis() {
    return Double.longBitsToDouble(perTokenEwma.get());
  }

  /** The 95th percentile of the last 64 times to first token, in nanos; -1 under 16 samples. */
  public long ttftP95Nanos() {
    int n = (int) Math.min(RING, ttftSamples.get());
    if (n < 16) {
      return -1;
    }
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = ttftRing.get(i);
    }
    Arrays.sort(values);
    return values[Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)];
  }

  /** How long until a request would be admitted again, in nanos; 0 when it would be now. */
  public long waitNanos(long now) {
    State s = state.get();
    long wait = s.retryAt - now;
    Peers p = peers;
    if (p.open()) {
      wait = Math.max(wait, p.openUntil() - now);
    }
    if (s.mode == Mode.OPEN) {
      wait = Math.max(wait, s.openUntil - now);
    } else if (s.mode == Mode.HALF_OPEN) {
      wait = Math.max(wait, s.probeSince + settings.cooldown().toNanos() - now);
    }
    return Math.max(0, wait);
  }

  public int inflight() {
    return inflight.get();
  }

  private String refusal(State s, long now) {
    if (now - s.retryAt < 0) {
      return "retry-after: rate limited for " + (s.retryAt - now) / 1_000_000 + " ms more";
    }
    Peers p = peers;
    if (p.open() && now - p.openUntil() < 0) {
      return "circuit open on another node for " + (p.openUntil() - now) / 1_000_000 + " ms more";
    }
    return switch (s.mode) {
      case CLOSED -> null;
      case OPEN ->
          now - s.openUntil < 0
              ? "circuit open for " + (s.openUntil - now) / 1_000_000 + " ms more"
              : null;
      case HALF_OPEN ->
          now - s.probeSince < settings.cooldown().toNanos()
              ? "circuit half-open: a probe request is out"
              : null;
    };
  }

  private void update(long now, boolean failure, Duration retryAfter) {
    while (true) {
      State s = state.get();
      long retryAt = s.retryAt;
      if (retryAfter != null && now + retryAfter.toNanos() - retryAt > 0) {
        retryAt = now + retryAfter.toNanos();
      }
      boolean fresh = now - s.windowStart >= settings.window().toNanos();
      long windowStart = fresh ? now : s.windowStart;
      int requests = (fresh ? 0 : s.requests) + 1;
      int failures = (fresh ? 0 : s.failures) + (failure ? 1 : 0);
      int consecutive = failure ? s.consecutive + 1 : 0;
      Mode mode = s.mode;
      long openUntil = s.openUntil;
      if (!failure && s.mode != Mode.CLOSED) {
        mode = Mode.CLOSED;
        requests = 0;
        failures = 0;
        windowStart = now;
      } else if (failure && s.mode == Mode.HALF_OPEN) {
        mode = Mode.OPEN;
        openUntil = now + settings.cooldown().toNanos();
      } else if (failure && s.mode == Mode.CLOSED && trips(consecutive, requests, failures)) {
        mode = Mode.OPEN;
        openUntil = now + settings.cooldown().toNanos();
      }
      State next =
          new State(mode, consecutive, windowStart, requests, failures, openUntil, 0, retryAt);
      if (state.compareAndSet(s, next)) {
        if (mode != s.mode) {
          changed(s.mode, mode);
        }
        return;
      }
    }
  }

  private boolean trips(int consecutive, int requests, int failures) {
    return consecutive >= settings.consecutiveFailures()
        || requests >= settings.minRequests() && failures >= settings.errorRate() * requests;
  }

  private void ewma(AtomicLong cell, double sample) {
    double alpha = settings.ewmaAlpha();
    while (true) {
      long bits = cell.get();
      double old = Double.longBitsToDouble(bits);
      double next = Double.isNaN(old) ? sample : old + alpha * (sample - old);
      if (cell.compareAndSet(bits, Double.doubleToLongBits(next))) {
        return;
      }
    }
  }

  private void changed(Mode from, Mode to) {
    if (listener != null) {
      listener.changed(deployment, from, to);
    }
  }
}
