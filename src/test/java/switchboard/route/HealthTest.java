package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTest {

  private static final long MS = 1_000_000L;
  private static final HealthSettings SETTINGS =
      new HealthSettings(3, 0.5, 10, Duration.ofSeconds(10), Duration.ofSeconds(5), 0.5);

  private long now = 1_000 * MS;
  private final List<String> transitions = new ArrayList<>();
  private final Health health =
      new Health("p/m", SETTINGS, now, (d, from, to) -> transitions.add(from + ">" + to));

  private void fail() {
    assertThat(health.admit(now)).isTrue();
    health.failed(now, null);
  }

  private void succeed() {
    assertThat(health.admit(now)).isTrue();
    health.succeeded(now);
  }

  @Test
  void opensAfterConsecutiveFailuresAndRefusesWithoutACall() {
    fail();
    fail();
    assertThat(health.state().mode()).isEqualTo(Health.Mode.CLOSED);
    fail();
    assertThat(health.state().mode()).isEqualTo(Health.Mode.OPEN);
    assertThat(health.admit(now)).isFalse();
    assertThat(health.refusal(now)).startsWith("circuit open for 5000 ms");
    assertThat(transitions).containsExactly("CLOSED>OPEN");
  }

  @Test
  void aSuccessResetsTheRunOfFailures() {
    fail();
    fail();
    succeed();
    fail();
    fail();
    assertThat(health.state().mode()).isEqualTo(Health.Mode.CLOSED);
  }

  @Test
  void halfOpensAfterTheCooldownWithExactlyOneProbe() {
    fail();
    fail();
    fail();
    now += 4_999 * MS;
    assertThat(health.admit(now)).isFalse();
    now += MS;
    assertThat(health.available(now)).isTrue();
    assertThat(health.admit(now)).isTrue();
    assertThat(health.state().mode()).isEqualTo(Health.Mode.HALF_OPEN);
    assertThat(health.admit(now)).as("second caller while the probe is out").isFalse();
    health.succeeded(now);
    assertThat(health.state().mode()).isEqualTo(Health.Mode.CLOSED);
    assertThat(health.admit(now)).isTrue();
    assertThat(transitions).containsExactly("CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>CLOSED");
  }

  @Test
  void aFailedProbeOpensForAnotherCooldown() {
    fail();
    fail();
    fail();
    now += 5_000 * MS;
    fail();
    assertThat(health.state().mode()).isEqualTo(Health.Mode.OPEN);
    now += 4_000 * MS;
    assertThat(health.admit(now)).isFalse();
    now += 1_000 * MS;
    assertThat(health.admit(now)).isTrue();
  }

  @Test
  void aProbeThatNeverReportsFreesItsSlotAfterACooldown() {
    fail();
    fail();
    fail();
    now += 5_000 * MS;
    assertThat(health.admit(now)).isTrue();
    now += 4_000 * MS;
    assertThat(health.admit(now)).isFalse();
    now += 1_000 * MS;
    assertThat(health.admit(now)).isTrue();
  }

  @Test
  void aReleasedProbeLetsTheNextRequestProbe() {
    fail();
    fail();
    fail();
    now += 5_000 * MS;
    assertThat(health.admit(now)).isTrue();
    health.released(now);
    assertThat(health.admit(now)).isTrue();
  }

  @Test
  void opensOnTheErrorRateOverAWindow() {
    for (int i = 0; i < 9; i++) {
      if (i % 2 == 0) {
        fail();
      } else {
        succeed();
      }
    }
    assertThat(health.state().mode()).isEqualTo(Health.Mode.CLOSED);
    succeed(); // 10 requests, 5 failures: 50 %
    assertThat(health.state().mode()).isEqualTo(Health.Mode.CLOSED);
    fail(); // 11 requests, 6 failures
    assertThat(health.state().mode()).isEqualTo(Health.Mode.OPEN);
  }

  @Test
  void theErrorRateWindowStartsAfresh() {
    for (int i = 0; i < 8; i++) {
      if (i % 2 == 0) {
        fail();
      } else {
        succeed();
      }
    }
    now += 10_000 * MS;
    for (int i = 0; i < 6; i++) {
      if (i % 2 == 0) {
        fail();
      } else {
        succeed();
      }
    }
    assertThat(health.state().requests()).isEqualTo(6);
    assertThat(health.state().mode()).isEqualTo(Health.Mode.CLOSED);
  }

  @Test
  void aRetryAfterSkipsTheDeploymentUntilThen() {
    assertThat(health.admit(now)).isTrue();
    health.failed(now, Duration.ofMillis(1500));
    assertThat(health.admit(now + 1_499 * MS)).isFalse();
    assertThat(health.refusal(now + 1_000 * MS)).startsWith("retry-after");
    assertThat(health.admit(now + 1_500 * MS)).isTrue();
    assertThat(health.state().mode()).isEqualTo(Health.Mode.CLOSED);
  }

  @Test
  void aReaderWithAnEarlierClockReadingIsNotRefused() {
    assertThat(new Health("p/new", SETTINGS, now, null).refusal(now - 5 * MS)).isNull();
  }

  @Test
  void latencyIsAMovingAverageAndP95NeedsSamples() {
    assertThat(health.ttftMillis()).isNaN();
    health.firstToken(100 * MS);
    health.firstToken(200 * MS);
    assertThat(health.ttftMillis()).isEqualTo(150.0);
    assertThat(health.ttftP95Nanos()).isEqualTo(-1);
    for (int i = 1; i <= 100; i++) {
      health.firstToken(i * MS);
    }
    assertThat(health.ttftP95Nanos()).as("the ring keeps the last 64: 37..100").isEqualTo(97 * MS);
    health.perToken(1_000 * MS, 100);
    assertThat(health.perTokenMillis()).isEqualTo(10.0);
  }
}
