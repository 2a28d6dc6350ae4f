package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Regions;
import switchboard.provider.Provider;
import switchboard.provider.ProviderConfig;
import switchboard.provider.ProviderRegistry;
import switchboard.provider.compatible.OpenAiCompatibleProvider;
import switchboard.provider.compatible.Vendors;
import switchboard.upstream.Timeouts;

/** The planner's residency filter: policies see only allowed deployments; none left is a 400. */
class RegionFilterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Provider provider(String id, String region) {
    return new OpenAiCompatibleProvider(
        new ProviderConfig(
            id,
            "custom",
            "",
            "http://127.0.0.1:9/v1",
            null,
            List.of(),
            Map.of(),
            region == null ? Map.of() : Map.of("region", region)),
        Vendors.find("custom").orElseThrow());
  }

  private final TargetResolver resolver =
      new TargetResolver(
          new ProviderRegistry(
              List.of(
                  provider("eu1", "eu"),
                  provider("eu2", "westeurope"),
                  provider("us1", "us"),
                  provider("nowhere", null))),
          m -> 0,
          Timeouts.DEFAULT);
  private final Targets.StubHealth health = new Targets.StubHealth();

  private Planner planner(String... nameAndJson) {
    Map<String, ObjectNode> specs = new LinkedHashMap<>();
    for (int i = 0; i < nameAndJson.length; i += 2) {
      try {
        specs.put(
            nameAndJson[i], (ObjectNode) JSON.readTree(nameAndJson[i + 1].replace('\'', '"')));
      } catch (Exception e) {
        throw new IllegalArgumentException(e);
      }
    }
    return new Planner(
        resolver, PolicyCompiler.compile(specs, resolver), health, new SplittableRandom(7));
  }

  private static RouteInput requiring(String... regions) {
    return new RouteInput(null, null, false, null, Regions.of(List.of(regions)));
  }

  @Test
  void aFallbackChainKeepsOnlyTheAllowedDeploymentsInOrder() {
    Planner p =
        planner("chain", "{'kind':'fallback','targets':['us1/m','eu1/m','nowhere/m','eu2/m']}");
    assertThat(p.plan("k", "policy/chain", List.of("us1/x"), requiring("eu")).targets())
        .extracting(Target::name)
        .containsExactly("eu1/m", "eu2/m");
    assertThat(p.plan("k", "policy/chain", List.of(), RouteInput.NONE).targets()).hasSize(4);
  }

  @Test
  void loadBalancingNeverPicksOutsideTheRegionsWhateverTheWeights() {
    Planner p =
        planner(
            "lb",
            "{'kind':'loadbalance','targets':[{'model':'us1/m','weight':100},{'model':'eu1/m','weight':1},{'model':'eu2/m','weight':1}]}");
    for (int i = 0; i < 50; i++) {
      List<Pick> picks = p.plan("k", "policy/lb", List.of(), requiring("eu")).picks();
      assertThat(picks)
          .extracting(x -> x.target().name())
          .containsExactlyInAnyOrder("eu1/m", "eu2/m");
      assertThat(picks.get(0).reason()).contains("weighted pick").contains("50% of healthy weight");
    }
  }

  @Test
  void latencyRoutingRanksOnlyTheAllowedOnes() {
    health.predicted.put("us1/m", 1.0);
    health.predicted.put("eu1/m", 50.0);
    health.predicted.put("eu2/m", 20.0);
    Planner p =
        planner("fast", "{'kind':'latency','explore':0,'targets':['us1/m','eu1/m','eu2/m']}");
    assertThat(p.plan("k", "policy/fast", List.of(), requiring("eu")).targets())
        .extracting(Target::name)
        .containsExactly("eu2/m", "eu1/m");
  }

  @Test
  void aPolicyRequirementIntersectsWithTheRequestsAndNestedOnesCount() {
    Planner p =
        planner(
            "eu-only", "{'kind':'fallback','regions':['eu'],'targets':['us1/m','eu1/m']}",
            "outer", "{'kind':'fallback','targets':['policy/eu-only','us1/z']}");
    assertThat(p.plan("k", "policy/eu-only", List.of(), RouteInput.NONE).targets())
        .extracting(Target::name)
        .containsExactly("eu1/m");
    assertThat(p.plan("k", "policy/outer", List.of(), RouteInput.NONE).targets())
        .extracting(Target::name)
        .containsExactly("eu1/m");
    assertThatThrownBy(() -> p.plan("k", "policy/eu-only", List.of(), requiring("us")))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("region_unavailable");
            });
  }

  @Test
  void noAllowedDeploymentIsA400NamingEachOneAndAnUnknownRegionNeverMatches() {
    Planner p = planner();
    assertThatThrownBy(() -> p.plan("k", "us1/m", List.of("nowhere/m"), requiring("eu")))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("region_unavailable");
              assertThat(e.getMessage())
                  .contains("us1/m (us)")
                  .contains("nowhere/m (region unknown)")
                  .contains("(eu)");
            });
    assertThatThrownBy(
            () ->
                p.plan(
                    "k",
                    "eu1/m",
                    List.of(),
                    new RouteInput(
                        null,
                        null,
                        false,
                        null,
                        Regions.of(List.of("eu")).and(Regions.of(List.of("us"))))))
        .hasMessageContaining("(none)");
  }

  @Test
  void regionsIntersectAndNormalise() {
    Regions key = Regions.of(List.of("eu", "us"));
    assertThat(key.and(Regions.of(List.of("westeurope"))).allowed()).containsExactly("eu");
    assertThat(Regions.ANY.and(key)).isEqualTo(key);
    assertThat(key.and(Regions.ANY)).isEqualTo(key);
    assertThat(key.and(Regions.of(List.of("ap"))).allowed()).isEmpty();
    assertThat(Regions.ANY.admits(null)).isTrue();
    assertThat(key.admits(null)).isFalse();
  }
}
