package switchboard.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.GuardFindings;

class GuardCountsTest {

  private static RequestFacts facts(long ts, GuardFindings g) {
    return new RequestFacts(
        ts, "k", "m", "p", null, List.of(), 200, 1, 0, 0, 1, 0, 0, 0, "bypass", true, false, 5, -1,
        g);
  }

  private static GuardFindings pii(String action, Map<String, Integer> types) {
    return new GuardFindings(action, new TreeMap<>(types), null, null);
  }

  @Test
  void countsGuardedRequestsActionsAndTypes() {
    Figures f = new Figures();
    f.add(facts(0, pii("redact", Map.of("EMAIL_ADDRESS", 2, "PHONE_NUMBER", 1))));
    f.add(facts(1, new GuardFindings("mask", new TreeMap<>(Map.of("PERSON", 1)), 0.7, "flag")));
    f.add(facts(2, new GuardFindings(null, null, 0.95, "block")));
    f.add(facts(3, null));
    assertThat(f.guard().guarded()).isEqualTo(3);
    assertThat(f.guard().action("redact")).isEqualTo(1);
    assertThat(f.guard().action("mask")).isEqualTo(1);
    assertThat(f.guard().action("flag")).isEqualTo(1);
    assertThat(f.guard().action("block")).isEqualTo(1);
    assertThat(f.guard().types())
        .isEqualTo(Map.of("EMAIL_ADDRESS", 2L, "PHONE_NUMBER", 1L, "PERSON", 1L));
  }

  @Test
  void aStoredRollupAddsUpLikeItsRecords() {
    Rollups rollups = new Rollups();
    rollups.add(facts(10, pii("redact", Map.of("EMAIL_ADDRESS", 2))));
    rollups.add(facts(20, pii("block", Map.of("EMAIL_ADDRESS", 1, "US_SSN", 1))));
    Figures hour = rollups.figures().get(new Rollups.Key(Rollups.ALL, "", 0));
    RollupRow row = RollupRow.of(Rollups.ALL, "", 0, hour);
    assertThat(row.guarded()).isEqualTo(2);
    assertThat(row.guardTypes()).isEqualTo("{\"EMAIL_ADDRESS\":3,\"US_SSN\":1}");

    Figures merged = new Figures();
    row.addTo(merged);
    row.addTo(merged);
    assertThat(merged.guard().guarded()).isEqualTo(4);
    assertThat(merged.guard().action("block")).isEqualTo(2);
    assertThat(merged.guard().types()).isEqualTo(Map.of("EMAIL_ADDRESS", 6L, "US_SSN", 2L));
  }

  @Test
  void aRowWithoutGuardrailFiguresAddsNothing() {
    Figures empty = new Figures();
    empty.add(facts(0, null));
    RollupRow row = RollupRow.of(Rollups.ALL, "", 0, empty);
    assertThat(row.guardTypes()).isNull();
    Figures into = new Figures();
    row.addTo(into);
    assertThat(into.guard().guarded()).isZero();
    assertThat(into.guard().types()).isEmpty();
  }
}
