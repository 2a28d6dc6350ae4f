package switchboard.access;

import io.vertx.core.Future;

/**
 * Storage port for the live counters behind budgets and rate limits: in-process now ({@code
 * store/memory}), shared across nodes later (Redis). Each call is atomic on its bucket. Amounts are
 * nano-USD for budgets and requests or tokens for rate limits.
 *
 * <p>A budget bucket holds what is committed (settled spend) and what is reserved (requests in
 * flight, at their worst-case cost). Reserving checks {@code committed + reserved < limit} and adds
 * in one step, so concurrent requests cannot all pass the same check: the last one admitted
 * overshoots by at most its own reservation.
 */
public interface Counters {

  /**
   * Reserves {@code amount} when {@code enforce} is false or the bucket's committed plus reserved
   * amount is below {@code limit}; completes with whether it did.
   */
  Future<Boolean> reserve(String bucket, long amount, long limit, boolean enforce);

  /** Replaces a reservation by the actual amount; completes with the committed total after it. */
  Future<Long> settle(String bucket, long reserved, long actual);

  /** What a bucket holds now. */
  Future<Balance> balance(String bucket);

  /** Sets a bucket's committed amount unless it exists already (start-up, from the ledger). */
  Future<Void> seed(String bucket, long committed);

  /**
   * Adds {@code amount} to the fixed window starting at {@code windowStartMs} (a new window starts
   * from zero) unless that would pass {@code limit} with something already used; completes with the
   * use after the call and whether it was taken.
   */
  Future<Window> take(String bucket, long windowStartMs, long amount, long limit);

  /** Corrects a window's use by {@code delta} when it is still the current one. */
  Future<Void> adjust(String bucket, long windowStartMs, long delta);

  /**
   * Claims a one-time event (a budget alert's scope, period and threshold) for {@code ttlMs}:
   * completes with true for the first claim of {@code slot} wherever it is made, false for every
   * later one. In one process nothing else can claim, so the memory store always answers true.
   */
  Future<Boolean> claim(String slot, long ttlMs);

  /** A budget bucket's state. */
  record Balance(long committed, long reserved) {}

  /** A rate window's state after {@link #take}. */
  record Window(boolean taken, long used) {}
}
