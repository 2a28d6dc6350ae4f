package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import switchboard.store.memory.MemoryCounters;

class RateLimiterTest {

  static GatewayKey key(long rpm, long tpm) {
    return new GatewayKey(
        "key_1",
        "p",
        "h",
        false,
        0,
        0,
        null,
        new KeySpec(
            "app",
            null,
            null,
            List.of(),
            List.of(),
            List.of(),
            JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.objectNode(),
            null,
            new RateLimits(rpm, tpm)));
  }

  @Test
  void refusesPastTheLimitWithHeadersAndRetryAfterToTheNextWindow() {
    RateLimiter limiter = new RateLimiter(new MemoryCounters());
    long now = 120_000 + 58_200; // 1.8 s before the window ends
    assertThat(limiter.take(key(1, 0), 10, now).result().refusal()).isNull();
    RateLimiter.Taken refused = limiter.take(key(1, 0), 10, now).result();
    assertThat(refused.refusal().status()).isEqualTo(429);
    assertThat(refused.refusal().retryAfter().toSeconds()).isEqualTo(2);
    assertThat(refused.headers())
        .containsEntry("x-ratelimit-limit-requests", "1")
        .containsEntry("x-ratelimit-remaining-requests", "0")
        .containsEntry("x-ratelimit-reset-requests", "1.8s");
    assertThat(limiter.take(key(1, 0), 10, 180_000).result().refusal()).as("new window").isNull();
  }

  @Test
  void aRequestLimitRefusalReportsTheTokenWindowWithoutTakingFromIt() {
    RateLimiter limiter = new RateLimiter(new MemoryCounters());
    assertThat(limiter.take(key(1, 100), 30, 0).result().refusal()).isNull();
    RateLimiter.Taken refused = limiter.take(key(1, 100), 30, 1).result();
    assertThat(refused.refusal().getMessage()).contains("requests per minute");
    assertThat(refused.headers())
        .containsEntry("x-ratelimit-remaining-requests", "0")
        .containsEntry("x-ratelimit-limit-tokens", "100")
        .containsEntry("x-ratelimit-remaining-tokens", "70")
        .containsKey("x-ratelimit-reset-tokens");
    assertThat(limiter.current(key(1, 100), 2).result())
        .hasSize(6)
        .containsEntry("x-ratelimit-remaining-tokens", "70");
  }

  @Test
  void tokensAreCorrectedAtSettlement() {
    RateLimiter limiter = new RateLimiter(new MemoryCounters());
    RateLimiter.Taken first = limiter.take(key(0, 100), 90, 0).result();
    assertThat(first.refusal()).isNull();
    assertThat(limiter.take(key(0, 100), 20, 1).result().refusal()).isNotNull();
    limiter.settle(first, 30); // it used 30, not 90
    assertThat(limiter.take(key(0, 100), 20, 2).result().headers())
        .containsEntry("x-ratelimit-remaining-tokens", "50");
  }

  @Test
  void durationsLookLikeOpenAis() {
    assertThat(RateLimiter.duration(850)).isEqualTo("850ms");
    assertThat(RateLimiter.duration(12_000)).isEqualTo("12s");
    assertThat(RateLimiter.duration(59_500)).isEqualTo("59.5s");
  }
}
