package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyPolicyTest {

  private static final long MS = 1_000_000L;

  private final long[] now = {0};
  private final HealthBoard board =
      new HealthBoard(
          new HealthSettings(5, 0.5, 20, Duration.ofSeconds(30), Duration.ofSeconds(30), 0.3),
          () -> now[0],
          null);
  private final SplittableRandom random = new SplittableRandom(42);
  private final Map<String, Long> ttftMillis = new HashMap<>();

  private final Policy.Fastest fastest =
      new Policy.Fastest(
          "fast",
          List.of(
              new Policy.Single(Targets.target("a/m")),
              new Policy.Single(Targets.target("b/m")),
              new Policy.Single(Targets.target("c/m"))),
          0.05,
          false);

  /** Routes {@code n} streamed requests, feeding each served TTFT back; counts first picks. */
  private Map<String, Integer> route(int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      List<Pick> picks = new ArrayList<>();
      fastest.order(new PlanContext(new RouteInput(null, null, true), board, random), "", picks);
      String served = picks.get(0).target().name();
      counts.merge(served, 1, Integer::sum);
      board.of(served).firstToken(ttftMillis.get(served) * MS);
      now[0] += 10 * MS;
    }
    return counts;
  }

  @Test
  void convergesOnTheFastestTarget() {
    ttftMillis.putAll(Map.of("a/m", 400L, "b/m", 80L, "c/m", 250L));
    route(50);
    Map<String, Integer> counts = route(1_000);
    assertThat(counts.get("b/m")).isGreaterThan(900);
  }

  @Test
  void returnsToATargetOnceItRecovers() {
    ttftMillis.putAll(Map.of("a/m", 60L, "b/m", 100L, "c/m", 250L));
    assertThat(route(500).get("a/m")).isGreaterThan(450);
    ttftMillis.put("a/m", 2_000L); // a degrades: traffic leaves it
    route(200);
    assertThat(route(500).getOrDefault("a/m", 0)).isLessThan(25);
    ttftMillis.put("a/m", 40L); // a recovers: exploration measures it again and it wins back
    route(300);
    assertThat(route(500).get("a/m")).isGreaterThan(450);
  }

  @Test
  void triesUnmeasuredTargetsFirstSoEachIsMeasured() {
    ttftMillis.putAll(Map.of("a/m", 100L, "b/m", 100L, "c/m", 100L));
    Map<String, Integer> counts = route(3);
    assertThat(counts).containsOnlyKeys("a/m", "b/m", "c/m");
  }

  @Test
  void powerOfTwoChoicesNeverPicksTheSlowestFirst() {
    ttftMillis.putAll(Map.of("a/m", 100L, "b/m", 110L, "c/m", 900L));
    route(3);
    Policy.Fastest p2c = new Policy.Fastest("fast", fastest.members(), 0, true);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 3_000; i++) {
      List<Pick> picks = new ArrayList<>();
      p2c.order(new PlanContext(new RouteInput(null, null, true), board, random), "", picks);
      counts.merge(picks.get(0).target().name(), 1, Integer::sum);
    }
    assertThat(counts).doesNotContainKey("c/m");
    assertThat(counts.get("b/m"))
        .as("the second fastest takes the pairs without a")
        .isBetween(800, 1_200);
  }

  @Test
  void ranksNonStreamedRequestsByTimePerToken() {
    board.of("a/m").perToken(1_000 * MS, 10); // 100 ms per token
    board.of("b/m").perToken(1_000 * MS, 100); // 10 ms per token
    board.of("c/m").perToken(1_000 * MS, 20); // 50 ms per token
    List<Pick> picks = new ArrayList<>();
    new Policy.Fastest("fast", fastest.members(), 0, false)
        .order(new PlanContext(RouteInput.NONE, board, random), "", picks);
    assertThat(picks).extracting(p -> p.target().name()).containsExactly("b/m", "c/m", "a/m");
    assertThat(picks.get(0).reason()).contains("predicted 10.0 ms per token");
  }
}
