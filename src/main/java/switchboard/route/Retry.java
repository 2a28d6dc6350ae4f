package switchboard.route;

import java.time.Duration;
import java.util.random.RandomGenerator;
import switchboard.provider.Failure;

/**
 * How a target is retried before the dispatcher moves on: up to {@code retries} more tries, with
 * exponential backoff and full jitter, never sooner than the provider's {@code retry-after}.
 *
 * @param retries extra tries on this target, 0–10
 * @param base the backoff before the first retry (doubled for each later one, before jitter)
 * @param max the longest wait; a {@code retry-after} longer than this moves on instead of waiting
 */
public record Retry(int retries, Duration base, Duration max) {

  public static final Retry NONE = new Retry(0, Duration.ofMillis(200), Duration.ofSeconds(5));

  public Retry {
    if (retries < 0 || retries > 10) {
      throw new IllegalArgumentException("retries must be between 0 and 10");
    }
  }

  /**
   * Whether the same target is worth another try after this failure. Only transient failures: a
   * rejected key, spent quota or a too-long prompt will fail the same way again.
   */
  static boolean transientFailure(Failure failure) {
    return switch (failure) {
      case CONNECT, TIMEOUT, RATE_LIMITED, OVERLOADED, SERVER_ERROR, BAD_RESPONSE -> true;
      default -> false;
    };
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry) in nanoseconds, or -1 when
   * the provider asked for a longer wait than {@link #max} (then the dispatcher moves on).
   *
   * <p>Full jitter (a uniform draw in [0, base·2^(retry-1)], capped at max) spreads the retries of
   * many clients that failed together; the result is then raised to {@code retryAfter}.
   */
  long delayNanos(int retry, Duration retryAfter, RandomGenerator random) {
    if (retryAfter != null && retryAfter.compareTo(max) > 0) {
      return -1;
    }
    long ceiling = Math.min(max.toNanos(), base.toNanos() << Math.min(20, Math.max(0, retry - 1)));
    long jittered = ceiling <= 0 ? 0 : (long) (random.nextDouble() * ceiling);
    long floor = retryAfter == null ? 0 : retryAfter.toNanos();
    return Math.max(floor, jittered);
  }
}
