package switchboard.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Set;
import org.junit.jupiter.api.Test;
import switchboard.model.Usage;

class CostTest {

  private static ModelInfo priced(Double input, Double output, Double cached, Double write) {
    return new ModelInfo("p/m", "chat", 200_000, 64_000, input, output, cached, write, Set.of());
  }

  @Test
  void everyPartIsBilledAtItsOwnPrice() {
    ModelInfo sonnet = priced(3.00, 15.00, 0.30, 3.75);
    Usage usage = new Usage(1_000_000, 200_000, 100_000, 10_000, 4_000);

    Cost cost = Cost.of(sonnet, usage);

    assertThat(cost.known()).isTrue();
    assertThat(cost.input()).isCloseTo(700_000 * 3.00e-6, within(1e-12));
    assertThat(cost.cachedInput()).isCloseTo(200_000 * 0.30e-6, within(1e-12));
    assertThat(cost.cacheWrite()).isCloseTo(100_000 * 3.75e-6, within(1e-12));
    assertThat(cost.output()).isCloseTo(10_000 * 15.00e-6, within(1e-12));
    assertThat(cost.total()).isCloseTo(2.1 + 0.06 + 0.375 + 0.15, within(1e-12));
    assertThat(cost.header()).isEqualTo("2.685");
  }

  @Test
  void reasoningTokensAreNotBilledTwice() {
    ModelInfo model = priced(1.0, 10.0, null, null);

    Cost withReasoning = Cost.of(model, new Usage(0, 0, 0, 1_000, 800));
    Cost without = Cost.of(model, new Usage(0, 0, 0, 1_000, 0));

    // Reasoning is shown as a part of output in the breakdown, never added to the total.
    assertThat(withReasoning.total()).isEqualTo(without.total());
    assertThat(withReasoning.output()).isCloseTo(0.01, within(1e-12));
    assertThat(withReasoning.reasoning()).isCloseTo(0.008, within(1e-12));
  }

  @Test
  void cachedAndCacheWriteTokensFallBackToTheInputPrice() {
    ModelInfo model = priced(2.0, 8.0, null, null);

    Cost cost = Cost.of(model, new Usage(1_000, 300, 200, 0, 0));

    assertThat(cost.input()).isCloseTo(500 * 2.0e-6, within(1e-15));
    assertThat(cost.cachedInput()).isCloseTo(300 * 2.0e-6, within(1e-15));
    assertThat(cost.cacheWrite()).isCloseTo(200 * 2.0e-6, within(1e-15));
    assertThat(cost.total()).isCloseTo(1_000 * 2.0e-6, within(1e-15));
  }

  @Test
  void inconsistentCountsNeverGiveNegativePlainInput() {
    Cost cost = Cost.of(priced(1.0, 1.0, 0.1, 1.25), new Usage(100, 150, 0, 0, 0));

    assertThat(cost.input()).isZero();
    assertThat(cost.cachedInput()).isCloseTo(150 * 0.1e-6, within(1e-15));
  }

  @Test
  void missingOutputPriceBillsOutputAtZero() {
    ModelInfo embedding = priced(0.02, null, null, null);

    Cost cost = Cost.of(embedding, new Usage(1_000_000, 0, 0, 5, 0));

    assertThat(cost.output()).isZero();
    assertThat(cost.header()).isEqualTo("0.02");
  }

  @Test
  void unknownModelOrUnknownInputPriceIsUnknown() {
    Usage usage = new Usage(10, 0, 0, 10, 0);

    assertThat(Cost.of(null, usage)).isSameAs(Cost.UNKNOWN);
    assertThat(Cost.of(priced(null, 1.0, null, null), usage)).isSameAs(Cost.UNKNOWN);
    assertThat(Cost.UNKNOWN.header()).isEqualTo("unknown");
    assertThat(Cost.UNKNOWN.known()).isFalse();
  }

  @Test
  void headerIsPlainDecimalWithAtMostTenPlaces() {
    ModelInfo cheap = priced(0.15, 0.60, null, null);

    assertThat(Cost.of(cheap, new Usage(1, 0, 0, 0, 0)).header()).isEqualTo("0.00000015");
    assertThat(Cost.of(cheap, new Usage(9, 0, 0, 2, 0)).header()).isEqualTo("0.00000255");
    assertThat(new Cost(true, 1e-11, 0, 0, 0).header()).isEqualTo("0");
    assertThat(new Cost(true, 0.12345678905, 0, 0, 0).header()).isEqualTo("0.1234567891");
    assertThat(Cost.ZERO.header()).isEqualTo("0");
    assertThat(Cost.of(cheap, Usage.NONE)).isEqualTo(Cost.ZERO);
  }
}
