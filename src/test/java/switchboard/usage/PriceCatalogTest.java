package switchboard.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.model.Usage;

class PriceCatalogTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static PriceCatalog shipped;
  private static JsonNode shippedYaml;

  @BeforeAll
  static void load() throws Exception {
    shipped = PriceCatalog.load(List.of());
    try (InputStream in = PriceCatalogTest.class.getResourceAsStream("/catalog/models.yaml")) {
      shippedYaml = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void shippedCatalogLoadsEveryEntryOnce() {
    List<String> ids = new ArrayList<>();
    shippedYaml.path("models").forEach(m -> ids.add(m.path("id").asText()));

    assertThat(ids).hasSizeGreaterThan(50).doesNotHaveDuplicates();
    assertThat(shipped.all()).extracting(ModelInfo::id).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(shipped.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
  }

  @Test
  void everyEntryHasAProviderPrefixAndSanePrices() {
    Set<String> providers = new HashSet<>();
    for (ModelInfo m : shipped.all()) {
      assertThat(m.id()).as(m.id()).matches("[a-z0-9-]+/[^/].*");
      providers.add(m.provider());
      assertThat(m.provider() + "/" + m.model()).isEqualTo(m.id());
      assertThat(m.mode()).as(m.id()).isIn("chat", "embedding");
      assertThat(m.contextWindow()).as(m.id()).isGreaterThanOrEqualTo(0);
      for (Double price : new Double[] {m.input(), m.output(), m.cachedInput(), m.cacheWrite()}) {
        assertThat(price == null || price >= 0).as("%s price %s", m.id(), price).isTrue();
      }
      if (m.cachedInput() != null && m.input() != null) {
        assertThat(m.cachedInput())
            .as("%s cache hits cost no more than input", m.id())
            .isLessThanOrEqualTo(m.input());
      }
    }
    assertThat(providers).contains("openai", "anthropic", "mistral", "deepseek", "sim");
  }

  @Test
  void chatModelsFromTheCatalogArePriced() {
    ModelInfo info = shipped.find("openai/gpt-5.5");

    assertThat(info).isNotNull();
    assertThat(info.input()).isEqualTo(5.00);
    assertThat(info.output()).isEqualTo(30.00);
    assertThat(info.cachedInput()).isEqualTo(0.50);
    assertThat(info.capabilities()).contains("tools", "streaming");
  }

  @Test
  void overrideReplacesAShippedEntryAndAddsNewOnes() throws Exception {
    PriceCatalog catalog =
        PriceCatalog.load(
            List.of(
                json("{\"id\":\"openai/gpt-5.5\",\"input\":1.5,\"output\":2.5}"),
                json(
                    "{\"id\":\"azure/gpt4o-prod\",\"mode\":\"chat\",\"input\":2.5,\"output\":10,"
                        + "\"cached_input\":1.25,\"context_window\":128000,\"capabilities\":[\"tools\"]}")));

    ModelInfo replaced = catalog.find("openai/gpt-5.5");
    assertThat(replaced.input()).isEqualTo(1.5);
    assertThat(replaced.output()).isEqualTo(2.5);
    assertThat(replaced.cachedInput()).as("replaced whole, not merged").isNull();
    ModelInfo added = catalog.find("azure/gpt4o-prod");
    assertThat(added.contextWindow()).isEqualTo(128_000);
    assertThat(added.capabilities()).containsExactly("tools");
    assertThat(catalog.all()).hasSize(shipped.all().size() + 1);
    assertThat(shipped.find("openai/gpt-5.5").input())
        .as("shipped catalog untouched")
        .isEqualTo(5.00);
  }

  @Test
  void badOverrideNamesItsPath() throws Exception {
    JsonNode good = json("{\"id\":\"x/ok\",\"input\":1}");

    assertThatThrownBy(() -> PriceCatalog.load(List.of(good, json("{\"id\":\"no-prefix\"}"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("catalog.models[1].id:")
        .hasMessageContaining("no-prefix");
    assertThatThrownBy(() -> PriceCatalog.load(List.of(json("{\"input\":1}"))))
        .hasMessageStartingWith("catalog.models[0].id:");
    assertThatThrownBy(() -> PriceCatalog.load(List.of(json("{\"id\":\"/m\"}"))))
        .hasMessageStartingWith("catalog.models[0].id:");
    assertThatThrownBy(
            () -> PriceCatalog.load(List.of(good, good, json("{\"id\":\"x/y\",\"output\":-1}"))))
        .hasMessage("catalog.models[2].output: must be a non-negative number");
    assertThatThrownBy(() -> PriceCatalog.load(List.of(json("{\"id\":\"x/y\",\"input\":\"3\"}"))))
        .hasMessage("catalog.models[0].input: must be a non-negative number");
  }

  @Test
  void findFallsBackToTheServedModel() throws Exception {
    PriceCatalog catalog =
        PriceCatalog.load(List.of(json("{\"id\":\"p/snapshot-1\",\"input\":1}")));

    assertThat(catalog.find("p", "alias", "snapshot-1").id()).isEqualTo("p/snapshot-1");
    assertThat(catalog.find("p", "snapshot-1", "other").id()).isEqualTo("p/snapshot-1");
    assertThat(catalog.find("p", "alias", null)).isNull();
    assertThat(catalog.find("q", "snapshot-1", "snapshot-1")).isNull();
  }

  @Test
  void unknownModelCostsUnknown() {
    ModelInfo info = shipped.find("openai", "no-such-model", null);

    assertThat(info).isNull();
    assertThat(Cost.of(info, new Usage(10, 0, 0, 5, 0)).header()).isEqualTo("unknown");
  }

  @Test
  void shippedEntryPricesARealAnswer() {
    Cost cost = Cost.of(shipped.find("openai/gpt-5.5"), new Usage(2_000, 1_000, 0, 100, 0));

    // 1,000 plain input at $5/M + 1,000 cached at $0.50/M + 100 output at $30/M
    assertThat(cost.header()).isEqualTo("0.0085");
  }
}
