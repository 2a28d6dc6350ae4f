package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedPolicyTest {

  private static final Target A = Targets.target("a/m");
  private static final Target B = Targets.target("b/m");
  private static final Target C = Targets.target("c/m");

  private final Targets.StubHealth health = new Targets.StubHealth();

  private static Policy.Weighted pool(Sticky sticky) {
    return new Policy.Weighted(
        "pool",
        List.of(
            new Policy.Weighted.Member(new Policy.Single(A), 5, A.name()),
            new Policy.Weighted.Member(new Policy.Single(B), 3, B.name()),
            new Policy.Weighted.Member(new Policy.Single(C), 2, C.name())),
        sticky);
  }

  private List<Pick> order(Policy policy, RouteInput input, SplittableRandom random) {
    List<Pick> out = new ArrayList<>();
    policy.order(new PlanContext(input, health, random), "", out);
    return out;
  }

  private Map<String, Double> firstPickShares(Policy policy, int picks) {
    SplittableRandom random = new SplittableRandom(42);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < picks; i++) {
      counts.merge(order(policy, RouteInput.NONE, random).get(0).target().name(), 1, Integer::sum);
    }
    Map<String, Double> shares = new HashMap<>();
    counts.forEach((k, v) -> shares.put(k, v / (double) picks));
    return shares;
  }

  @Test
  // ±3 percentage points of each share: about six standard deviations at 10,000 picks.
  void picksWithinThreePercentOfTheWeightsOverTenThousandPicks() {
    Map<String, Double> shares = firstPickShares(pool(Sticky.NONE), 10_000);
    assertThat(shares.get("a/m")).isCloseTo(0.5, within(0.03));
    assertThat(shares.get("b/m")).isCloseTo(0.3, within(0.03));
    assertThat(shares.get("c/m")).isCloseTo(0.2, within(0.03));
  }

  @Test
  void renormalisesTheWeightsOverHealthyTargets() {
    health.down.add("c/m");
    Map<String, Double> shares = firstPickShares(pool(Sticky.NONE), 10_000);
    assertThat(shares).doesNotContainKey("c/m");
    assertThat(shares.get("a/m")).isCloseTo(5 / 8.0, within(0.03));
    assertThat(shares.get("b/m")).isCloseTo(3 / 8.0, within(0.03));
  }

  @Test
  void listsEveryMemberOnceWithTheUnhealthyLast() {
    health.down.add("a/m");
    List<Pick> picks = order(pool(Sticky.NONE), RouteInput.NONE, new SplittableRandom(1));
    assertThat(picks)
        .extracting(p -> p.target().name())
        .containsExactlyInAnyOrder("a/m", "b/m", "c/m")
        .endsWith("a/m");
    assertThat(picks.get(0).reason()).contains("weighted pick in 'pool'");
    assertThat(picks.get(2).reason()).contains("unhealthy member");
  }

  @Test
  void keepsAUserOnOneMemberWhateverTheRandomSource() {
    SplittableRandom random = new SplittableRandom(7);
    RouteInput alice = new RouteInput("alice", null, false);
    String first = order(pool(Sticky.USER), alice, random).get(0).target().name();
    for (int i = 0; i < 100; i++) {
      assertThat(order(pool(Sticky.USER), alice, random).get(0).target().name()).isEqualTo(first);
    }
    assertThat(order(pool(Sticky.USER), alice, random).get(0).reason())
        .contains("sticky pick by user");
  }

  @Test
  void stickyUsersSpreadByWeightAndOnlyTheUnhealthyMembersUsersMove() {
    SplittableRandom random = new SplittableRandom(3);
    Map<String, String> before = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (int u = 0; u < 10_000; u++) {
      String member =
          order(pool(Sticky.USER), new RouteInput("user-" + u, null, false), random)
              .get(0)
              .target()
              .name();
      before.put("user-" + u, member);
      counts.merge(member, 1, Integer::sum);
    }
    assertThat(counts.get("a/m") / 10_000.0).isCloseTo(0.5, within(0.03));
    assertThat(counts.get("c/m") / 10_000.0).isCloseTo(0.2, within(0.03));

    health.down.add("b/m");
    int moved = 0;
    for (Map.Entry<String, String> e : before.entrySet()) {
      String now =
          order(pool(Sticky.USER), new RouteInput(e.getKey(), null, false), random)
              .get(0)
              .target()
              .name();
      if (!now.equals(e.getValue())) {
        assertThat(e.getValue()).isEqualTo("b/m");
        moved++;
      }
    }
    assertThat(moved).isEqualTo(counts.get("b/m"));
  }

  @Test
  void stickinessByTraceIdUsesTheTraceNotTheUser() {
    SplittableRandom random = new SplittableRandom(5);
    String first =
        order(pool(Sticky.TRACE), new RouteInput("u1", "trace-9", false), random)
            .get(0)
            .target()
            .name();
    for (int u = 0; u < 50; u++) {
      assertThat(
              order(pool(Sticky.TRACE), new RouteInput("u" + u, "trace-9", false), random)
                  .get(0)
                  .target()
                  .name())
          .isEqualTo(first);
    }
  }

  @Test
  void aChainWhoseFirstStepIsAGroupTriesTheGroupThenTheNextStep() {
    Policy chain =
        new Policy.Chain(
            "main", List.of(pool(Sticky.NONE), new Policy.Single(Targets.target("d/m"))));
    List<Pick> picks = order(chain, RouteInput.NONE, new SplittableRandom(11));
    assertThat(picks).hasSize(4);
    assertThat(picks.get(3).target().name()).isEqualTo("d/m");
    assertThat(picks.get(0).reason()).startsWith("step 1 of fallback 'main' > ");
    assertThat(picks.get(3).reason()).isEqualTo("step 2 of fallback 'main'");
  }
}
