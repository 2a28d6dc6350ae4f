package switchboard.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.model.Usage;

/** savings_usd and the cache hit rate, against the shipped catalog's prices. */
class SavingsTest {

  private static ModelInfo sonnet;
  private static ModelInfo gpt;

  @BeforeAll
  static void load() throws Exception {
    PriceCatalog catalog = PriceCatalog.load(List.of());
    sonnet = catalog.find("anthropic/claude-sonnet-4-5");
    gpt = catalog.find("openai/gpt-5");
    // the prices this test's arithmetic is written against
    assertThat(sonnet.input()).isEqualTo(3.00);
    assertThat(sonnet.cachedInput()).isEqualTo(0.30);
    assertThat(sonnet.cacheWrite()).isEqualTo(3.75);
  }

  @Test
  void aCacheReadSavesNinetyPercentOfItsInputPrice() {
    // 10,000 prompt tokens, 8,000 read from the cache: they cost 0.30 instead of 3.00 per million.
    Cost cost = Cost.of(sonnet, new Usage(10_000, 8_000, 0, 100, 0));
    assertThat(cost.savings()).isCloseTo(8_000 * (3.00 - 0.30) / 1e6, within(1e-12));
    assertThat(cost.savings()).isCloseTo(0.0216, within(1e-12));
  }

  @Test
  void aCacheWriteCostsMoreThanItSavesTheFirstTime() {
    // 8,000 written at 3.75 instead of 3.00: 0.006 lost, until a later read pays it back.
    Cost write = Cost.of(sonnet, new Usage(10_000, 0, 8_000, 100, 0));
    assertThat(write.savings()).isCloseTo(-8_000 * 0.75 / 1e6, within(1e-12));
    Cost read = Cost.of(sonnet, new Usage(10_000, 8_000, 0, 100, 0));
    assertThat(write.savings() + read.savings()).isPositive();
  }

  @Test
  void noCacheNoSavingsAndTheMarkupIsSavedToo() {
    assertThat(Cost.of(sonnet, new Usage(10_000, 0, 0, 100, 0)).savings()).isZero();
    Cost marked = Cost.of(sonnet, new Usage(10_000, 8_000, 0, 100, 0), 10);
    assertThat(marked.savings()).isCloseTo(0.0216 * 1.10, within(1e-12));
  }

  @Test
  void openAiCachedTokensAreSavedAtTheCatalogsCachedPrice() {
    Cost cost = Cost.of(gpt, new Usage(2_000, 1_024, 0, 10, 0));
    assertThat(cost.savings())
        .isCloseTo(1_024 * (gpt.input() - gpt.cachedInput()) / 1e6, within(1e-12));
    assertThat(Cost.UNKNOWN.savings()).isZero();
  }

  @Test
  void theHitRateIsCachedOverPromptTokens() {
    assertThat(new Usage(10_000, 8_000, 0, 1, 0).cacheHitRate()).isEqualTo(0.8);
    assertThat(new Usage(10_000, 0, 8_000, 1, 0).cacheHitRate()).isZero();
    assertThat(Usage.NONE.cacheHitRate()).isZero();
  }
}
