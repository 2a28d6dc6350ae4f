package switchboard.store.memory;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import switchboard.access.Counters;

/**
 * {@link Counters} in this process: one small object per bucket, each call under that bucket's lock
 * (a few additions; never blocks on I/O). Budget buckets are named per period, so old ones stop
 * being used; they are a few dozen bytes each and go with the process.
 */
public final class MemoryCounters implements Counters {

  private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Budget {
    long committed;
    long reserved;
  }

  private static final class Window {
    long start = Long.MIN_VALUE;
    long used;
  }

  @Override
  public Future<Boolean> reserve(String bucket, long amount, long limit, boolean enforce) {
    Budget b = budgets.computeIfAbsent(bucket, k -> new Budget());
    synchronized (b) {
      if (enforce && b.committed + b.reserved >= limit) {
        return Future.succeededFuture(false);
      }
      b.reserved += amount;
      return Future.succeededFuture(true);
    }
  }

  @Override
  public Future<Long> settle(String bucket, long reserved, long actual) {
    Budget b = budgets.computeIfAbsent(bucket, k -> new Budget());
    synchronized (b) {
      b.reserved = Math.max(0, b.reserved - reserved);
      b.committed += actual;
      return Future.succeededFuture(b.committed);
    }
  }

  @Override
  public Future<Balance> balance(String bucket) {
    Budget b = budgets.get(bucket);
    if (b == null) {
      return Future.succeededFuture(new Balance(0, 0));
    }
    synchronized (b) {
      return Future.succeededFuture(new Balance(b.committed, b.reserved));
    }
  }

  @Override
  public Future<Void> seed(String bucket, long committed) {
    budgets.computeIfAbsent(
        bucket,
        k -> {
          Budget b = new Budget();
          b.committed = committed;
          return b;
        });
    return Future.succeededFuture();
  }

  @Override
  public Future<Counters.Window> take(String bucket, long windowStartMs, long amount, long limit) {
    Window w = windows.computeIfAbsent(bucket, k -> new Window());
    synchronized (w) {
      if (w.start != windowStartMs) {
        w.start = windowStartMs;
        w.used = 0;
      }
      if (w.used > 0 && w.used + amount > limit) {
        return Future.succeededFuture(new Counters.Window(false, w.used));
      }
      w.used += amount;
      return Future.succeededFuture(new Counters.Window(true, w.used));
    }
  }

  @Override
  public Future<Void> adjust(String bucket, long windowStartMs, long delta) {
    Window w = windows.get(bucket);
    if (w != null) {
      synchronized (w) {
        if (w.start == windowStartMs) {
          w.used = Math.max(0, w.used + delta);
        }
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> claim(String slot, long ttlMs) {
    // One process: the caller's own once-only set (access/Alerts) is all the dedupe there is.
    return Future.succeededFuture(true);
  }
}
