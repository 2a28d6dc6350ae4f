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
import switchboard.upstream.Timeouts;

class PlannerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final TargetResolver resolver =
      new TargetResolver(
          Targets.registry("a", "b", "c"), m -> m.equals("c/big") ? 128_000 : 0, Timeouts.DEFAULT);
  private final Targets.StubHealth health = new Targets.StubHealth();

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Planner planner(Map<String, ObjectNode> specs) {
    return new Planner(
        resolver, PolicyCompiler.compile(specs, resolver), health, new SplittableRandom(1));
  }

  private static Map<String, ObjectNode> specs(String... nameAndJson) {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    for (int i = 0; i < nameAndJson.length; i += 2) {
      out.put(nameAndJson[i], json(nameAndJson[i + 1]));
    }
    return out;
  }

  @Test
  void ordersAPolicyNestedInAChainAndAppendsTheRequestFallbacksOnce() {
    Planner planner =
        planner(
            specs(
                "main",
                    "{'kind':'fallback','targets':['policy/pool','c/big'],'hedge':{'after_ms':300}}",
                "pool",
                    "{'kind':'loadbalance','targets':[{'model':'a/x','weight':1},{'model':'b/y','weight':1}]}"));
    Plan plan = planner.plan("master", "policy/main", List.of("c/big", "a/z"), RouteInput.NONE);
    assertThat(plan.targets()).extracting(Target::name).hasSize(4).endsWith("c/big", "a/z");
    assertThat(plan.policy()).isEqualTo("main");
    assertThat(plan.hedge().after().toMillis()).isEqualTo(300);
    assertThat(plan.targets().get(2).contextWindow()).isEqualTo(128_000);
  }

  @Test
  void aPolicyBoundToTheKeyAppliesToItsPrimaryModelOnly() {
    Planner planner =
        planner(specs("guard", "{'kind':'fallback','keys':['master'],'targets':['a/x','b/y']}"));
    assertThat(planner.plan("master", "a/x", List.of(), RouteInput.NONE).targets())
        .extracting(Target::name)
        .containsExactly("a/x", "b/y");
    assertThat(planner.plan("master", "b/y", List.of(), RouteInput.NONE).targets())
        .extracting(Target::name)
        .containsExactly("b/y");
    assertThat(planner.plan("other", "a/x", List.of(), RouteInput.NONE).targets())
        .extracting(Target::name)
        .containsExactly("a/x");
    assertThat(planner.plan("master", "a/x", List.of(), RouteInput.NONE).picks().get(0).reason())
        .contains("policy 'guard' bound to key 'master'");
  }

  @Test
  void appliesPerTargetRetriesTimeoutsAndParams() {
    Planner planner =
        planner(
            specs(
                "main",
                "{'kind':'fallback','targets':[{'model':'a/x',"
                    + "'retries':3,'backoff_ms':50,'timeouts':{'first_token_ms':1500},'params':{'max_tokens':64}}]}"));
    Target t = planner.plan("master", "policy/main", List.of(), RouteInput.NONE).targets().get(0);
    assertThat(t.retry().retries()).isEqualTo(3);
    assertThat(t.retry().base().toMillis()).isEqualTo(50);
    assertThat(t.timeouts().firstToken().toMillis()).isEqualTo(1500);
    assertThat(t.timeouts().connect()).isEqualTo(Timeouts.DEFAULT.connect());
    assertThat(t.params().get("max_tokens").asInt()).isEqualTo(64);
  }

  @Test
  void unknownPolicyIs404() {
    assertThatThrownBy(
            () -> planner(Map.of()).plan("master", "policy/nope", List.of(), RouteInput.NONE))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void compileErrorsNameThePath() {
    assertThatThrownBy(
            () ->
                planner(specs("m", "{'kind':'fallback','targets':[{'model':'a/x','retries':11}]}")))
        .hasMessage("policies.m.targets[0].retries: must be an integer between 0 and 10");
    assertThatThrownBy(() -> planner(specs("m", "{'kind':'fallback','targets':['zz/x']}")))
        .hasMessageContaining("Provider 'zz' is not enabled");
    assertThatThrownBy(
            () -> planner(specs("m", "{'kind':'fallback','targets':[{'model':'a/x','weight':2}]}")))
        .hasMessage("policies.m.targets[0].weight: only for kind loadbalance");
    assertThatThrownBy(() -> planner(specs("m", "{'kind':'random','targets':['a/x']}")))
        .hasMessage("policies.m.kind: must be fallback, loadbalance or latency");
    assertThatThrownBy(() -> planner(specs("m", "{'kind':'fallback','targets':['a/x'],'color':1}")))
        .hasMessageStartingWith("policies.m.color: unknown setting");
  }

  @Test
  void refusesCyclesAndUnknownNestedPolicies() {
    assertThatThrownBy(
            () ->
                planner(
                    specs(
                        "x", "{'kind':'fallback','targets':['policy/y']}",
                        "y", "{'kind':'fallback','targets':['policy/x']}")))
        .hasMessageContaining("cycle: x > y > x");
    assertThatThrownBy(() -> planner(specs("x", "{'kind':'fallback','targets':['policy/zz']}")))
        .hasMessage("policies.x.targets[0].model: no policy named 'zz'");
  }
}
