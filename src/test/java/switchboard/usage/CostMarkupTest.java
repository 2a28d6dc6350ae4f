package switchboard.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Set;
import org.junit.jupiter.api.Test;
import switchboard.model.Usage;

class CostMarkupTest {

  static final ModelInfo MODEL = new ModelInfo("p/m", "chat", 0, 0, 2.0, 8.0, 0.5, 2.5, Set.of());

  @Test
  void breaksCostDownAndAddsMarkup() {
    // 1,000,000 input of which 200k cached and 100k written; 500k output of which 100k reasoning.
    Cost cost = Cost.of(MODEL, new Usage(1_000_000, 200_000, 100_000, 500_000, 100_000), 10);
    assertThat(cost.input()).isCloseTo(0.7 * 2.0, offset(1e-12));
    assertThat(cost.cachedInput()).isCloseTo(0.2 * 0.5, offset(1e-12));
    assertThat(cost.cacheWrite()).isCloseTo(0.1 * 2.5, offset(1e-12));
    assertThat(cost.output()).isCloseTo(0.5 * 8.0, offset(1e-12));
    assertThat(cost.reasoning()).isCloseTo(0.1 * 8.0, offset(1e-12));
    double providers = 1.4 + 0.1 + 0.25 + 4.0;
    assertThat(cost.markup()).isCloseTo(providers * 0.10, offset(1e-12));
    assertThat(cost.total()).isCloseTo(providers * 1.10, offset(1e-12));
    assertThat(cost.header()).isEqualTo("6.325");
  }

  @Test
  void unpricedModelsAreUnknownAndTheOldShapeStillWorks() {
    assertThat(Cost.of(null, new Usage(1, 0, 0, 1, 0)).header()).isEqualTo("unknown");
    Cost plain = new Cost(true, 1, 0, 0, 2);
    assertThat(plain.total()).isEqualTo(3);
    assertThat(Cost.of(MODEL, new Usage(1_000_000, 0, 0, 0, 0)).markup()).isZero();
  }
}
