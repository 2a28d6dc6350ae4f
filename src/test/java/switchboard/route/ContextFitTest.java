package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContextFitTest {

  @Test
  void goesOnlyToLargerWindowsFirstThenUnknownOnes() {
    Target failed = Targets.target("a/small", 8_000);
    List<Target> rest =
        List.of(
            Targets.target("b/tiny", 4_000),
            Targets.target("c/custom", 0),
            Targets.target("d/same", 8_000),
            Targets.target("e/big", 128_000),
            Targets.target("f/bigger", 1_000_000));
    assertThat(ContextFit.after(failed, rest))
        .extracting(Target::name)
        .containsExactly("e/big", "f/bigger", "c/custom");
  }

  @Test
  void keepsThePlanWhenTheFailedWindowIsUnknown() {
    List<Target> rest = List.of(Targets.target("b/tiny", 4_000), Targets.target("e/big", 128_000));
    assertThat(ContextFit.after(Targets.target("a/x", 0), rest)).isEqualTo(rest);
  }

  @Test
  void leavesNothingWhenNoLaterTargetIsLarger() {
    assertThat(
            ContextFit.after(Targets.target("a/x", 128_000), List.of(Targets.target("b/y", 8_000))))
        .isEmpty();
  }
}
