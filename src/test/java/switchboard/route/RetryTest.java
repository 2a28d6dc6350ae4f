package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import switchboard.provider.Failure;

class RetryTest {

  private static final long MS = 1_000_000L;
  private final Retry retry = new Retry(5, Duration.ofMillis(100), Duration.ofSeconds(1));

  @Test
  void backsOffExponentiallyWithFullJitterUpToTheCap() {
    SplittableRandom random = new SplittableRandom(42);
    for (int n = 1; n <= 6; n++) {
      long ceiling = Math.min(1_000 * MS, 100 * MS << (n - 1));
      long max = 0;
      for (int i = 0; i < 2_000; i++) {
        long d = retry.delayNanos(n, null, random);
        assertThat(d).isBetween(0L, ceiling);
        max = Math.max(max, d);
      }
      assertThat(max).as("jitter spans the range for retry %d", n).isGreaterThan(ceiling * 9 / 10);
    }
  }

  @Test
  void neverRetriesSoonerThanRetryAfter() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1_000; i++) {
      assertThat(retry.delayNanos(1, Duration.ofMillis(700), random))
          .isGreaterThanOrEqualTo(700 * MS);
    }
  }

  @Test
  void movesOnWhenRetryAfterIsLongerThanTheLongestWait() {
    assertThat(retry.delayNanos(1, Duration.ofSeconds(30), new SplittableRandom(1))).isEqualTo(-1);
  }

  @Test
  void retriesOnlyTransientFailures() {
    assertThat(Retry.transientFailure(Failure.SERVER_ERROR)).isTrue();
    assertThat(Retry.transientFailure(Failure.RATE_LIMITED)).isTrue();
    assertThat(Retry.transientFailure(Failure.TIMEOUT)).isTrue();
    assertThat(Retry.transientFailure(Failure.KEY_REJECTED)).isFalse();
    assertThat(Retry.transientFailure(Failure.CONTEXT_LENGTH)).isFalse();
    assertThat(Retry.transientFailure(Failure.BAD_REQUEST)).isFalse();
  }

  @Test
  void refusesMoreThanTenRetries() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Retry(11, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
