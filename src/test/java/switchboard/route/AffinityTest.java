package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Cache affinity: one stable prefix stays on one member, while healthy and within its bound. */
class AffinityTest {

  private static final Target A = Targets.target("a/m");
  private static final Target B = Targets.target("b/m");
  private static final Target C = Targets.target("c/m");

  private final Targets.StubHealth health = new Targets.StubHealth();

  private static final Policy.Weighted POOL =
      new Policy.Weighted(
          "pool",
          List.of(
              new Policy.Weighted.Member(new Policy.Single(A), 5, A.name()),
              new Policy.Weighted.Member(new Policy.Single(B), 3, B.name()),
              new Policy.Weighted.Member(new Policy.Single(C), 2, C.name())),
          Sticky.NONE);

  private static final Policy.Fastest FAST =
      new Policy.Fastest(
          "fast",
          List.of(new Policy.Single(A), new Policy.Single(B), new Policy.Single(C)),
          0.1,
          true);

  private Pick first(Policy policy, String prefix, long seed) {
    List<Pick> out = new ArrayList<>();
    policy.order(
        new PlanContext(
            new RouteInput(null, null, false, prefix), health, new SplittableRandom(seed)),
        "",
        out);
    return out.get(0);
  }

  @Test
  void aPrefixStaysOnOneMemberWhateverTheRandomSource() {
    String member = first(POOL, "sb-faq", 1).target().name();
    for (long seed = 2; seed < 200; seed++) {
      assertThat(first(POOL, "sb-faq", seed).target().name()).isEqualTo(member);
    }
    assertThat(first(POOL, "sb-faq", 1).reason()).contains("cache affinity pick in 'pool'");
  }

  @Test
  void distinctPrefixesStillFollowTheWeights() {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      counts.merge(first(POOL, "sb-" + i, 1).target().name(), 1, Integer::sum);
    }
    assertThat(counts.get("a/m") / 10_000.0).isBetween(0.47, 0.53);
    assertThat(counts.get("c/m") / 10_000.0).isBetween(0.17, 0.23);
  }

  @Test
  void anUnhealthyOrOverloadedMemberLetsThePrefixMoveOn() {
    String home = first(POOL, "sb-faq", 1).target().name();
    health.down.add(home);
    String second = first(POOL, "sb-faq", 1).target().name();
    assertThat(second).isNotEqualTo(home);
    health.down.clear();

    // the home member holds far more than its share of the requests in flight: overflow
    health.inflight.put(home, 30);
    Pick overflow = first(POOL, "sb-faq", 1);
    assertThat(overflow.target().name()).isEqualTo(second);
    assertThat(overflow.reason()).contains("cache affinity overflow");
    // within the bound (1.5 x an even share) it stays home
    for (Target t : List.of(A, B, C)) {
      health.inflight.put(t.name(), 2);
    }
    health.inflight.put(home, 4); // 8 in flight: the bound is ceil(1.5 x 9 / 3) = 5
    assertThat(first(POOL, "sb-faq", 1).target().name()).isEqualTo(home);
  }

  @Test
  void latencyRoutingKeepsThePrefixAmongTheFastestOnly() {
    health.predicted.put("a/m", 100.0);
    health.predicted.put("b/m", 120.0);
    health.predicted.put("c/m", 400.0);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      String prefix = "sb-" + i;
      String pick = first(FAST, prefix, i).target().name();
      assertThat(first(FAST, prefix, i + 1000).target().name()).isEqualTo(pick);
      counts.merge(pick, 1, Integer::sum);
    }
    assertThat(counts).doesNotContainKey("c/m").containsKeys("a/m", "b/m");
    assertThat(first(FAST, "sb-x", 1).reason()).contains("cache affinity pick among the fastest");
  }

  @Test
  void withoutAutoCacheNothingChanges() {
    assertThat(first(POOL, null, 1).reason()).contains("weighted pick");
  }
}
