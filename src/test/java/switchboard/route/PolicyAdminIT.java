package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.route.RoutedGateway.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Policies through the admin API: CRUD, persistence, binding, dry run, health, metrics. */
class PolicyAdminIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String YAML =
      """
      sim: {enabled: true, latency_ms: 1, tokens_per_second: 0}
      health: {consecutive_failures: 2, cooldown_ms: 60000}
      policies:
        from-file: {kind: fallback, targets: [sim/down, sim/gpt-4o-mini]}
      """;

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void createsReadsReplacesAndDeletesPoliciesThatSurviveARestart() throws Exception {
    Path data = Files.createTempDirectory("sb-policies");
    try (RoutedGateway gw = RoutedGateway.start(YAML, data)) {
      HttpResponse<String> created =
          gw.send(
              "PUT",
              "/admin/v1/policies/resilient",
              "{'kind':'fallback','targets':['sim/down',{'model':'sim/echo','retries':1}]}");
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(json(created).path("source").asText()).isEqualTo("admin");
      assertThat(
              gw.send(
                      "PUT",
                      "/admin/v1/policies/resilient",
                      "{'kind':'fallback','targets':['sim/down','sim/echo']}")
                  .statusCode())
          .isEqualTo(200);
      HttpResponse<String> served = gw.chat(body("policy/resilient", false, null));
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.headers().firstValue("x-switchboard-model")).hasValue("sim/echo");

      HttpResponse<String> list = gw.send("GET", "/admin/v1/policies", null);
      assertThat(json(list).path("data").findValuesAsText("name"))
          .containsExactly("from-file", "resilient");
      assertThat(
              gw.send(
                      "POST",
                      "/admin/v1/policies",
                      "{'name':'resilient','kind':'fallback','targets':['sim/echo']}")
                  .statusCode())
          .isEqualTo(409);
      assertThat(
              gw.send(
                      "POST",
                      "/admin/v1/policies",
                      "{'name':'spare','kind':'fallback','targets':['sim/echo']}")
                  .statusCode())
          .isEqualTo(201);
      assertThat(gw.send("DELETE", "/admin/v1/policies/spare", null).statusCode()).isEqualTo(204);
      assertThat(gw.send("GET", "/admin/v1/policies/spare", null).statusCode()).isEqualTo(404);
    }
    try (RoutedGateway again = RoutedGateway.start(YAML, data)) {
      assertThat(again.send("GET", "/admin/v1/policies/resilient", null).body())
          .contains("\"sim/echo\"");
      assertThat(again.chat(body("policy/resilient", false, null)).statusCode()).isEqualTo(200);
      assertThat(again.send("GET", "/admin/v1/policies/spare", null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void refusesInvalidPoliciesNamingTheFieldAndProtectsFilePolicies() throws Exception {
    try (RoutedGateway gw = RoutedGateway.start(YAML)) {
      HttpResponse<String> bad =
          gw.send(
              "PUT",
              "/admin/v1/policies/x",
              "{'kind':'fallback','targets':[{'model':'sim/echo','retries':99}]}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(json(bad).path("error").path("param").asText())
          .isEqualTo("policies.x.targets[0].retries");
      assertThat(
              gw.send("PUT", "/admin/v1/policies/x", "{'kind':'fallback','targets':['nope/echo']}")
                  .statusCode())
          .isEqualTo(404);
      assertThat(
              gw.send(
                      "PUT",
                      "/admin/v1/policies/from-file",
                      "{'kind':'fallback','targets':['sim/echo']}")
                  .statusCode())
          .isEqualTo(409);
      assertThat(gw.send("DELETE", "/admin/v1/policies/from-file", null).statusCode())
          .isEqualTo(409);
      gw.send("PUT", "/admin/v1/policies/inner", "{'kind':'fallback','targets':['sim/echo']}");
      gw.send("PUT", "/admin/v1/policies/outer", "{'kind':'fallback','targets':['policy/inner']}");
      assertThat(gw.send("DELETE", "/admin/v1/policies/inner", null).statusCode())
          .as("still used by outer")
          .isEqualTo(409);
      assertThat(gw.send("GET", "/admin/v1/openapi.json", null).body())
          .contains("/policies/{name}")
          .contains("/policies/dry-run")
          .contains("/health");
    }
  }

  @Test
  void aPolicyBoundToTheMasterKeyAppliesToItsPrimaryModelTransparently() throws Exception {
    try (RoutedGateway gw = RoutedGateway.start(YAML)) {
      assertThat(gw.chat(body("sim/down-eu", false, null)).statusCode()).isEqualTo(503);
      gw.send(
          "PUT",
          "/admin/v1/policies/guard",
          "{'kind':'fallback','keys':['master'],'targets':['sim/down-eu','sim/gpt-4o-mini']}");
      HttpResponse<String> r = gw.chat(body("sim/down-eu", false, null));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-switchboard-model")).hasValue("sim/gpt-4o-mini");
    }
  }

  @Test
  void theDryRunShowsOrderReasonsAndTheCurrentHealth() throws Exception {
    try (RoutedGateway gw = RoutedGateway.start(YAML)) {
      gw.send(
          "PUT",
          "/admin/v1/policies/pool",
          "{'kind':'loadbalance','sticky':'user',"
              + "'targets':[{'model':'sim/echo','weight':3},{'model':'sim/gpt-4o-mini','weight':1}]}");
      gw.send(
          "PUT",
          "/admin/v1/policies/main",
          "{'kind':'fallback','hedge':{'after_ms':700},"
              + "'targets':['sim/down-x','policy/pool']}");
      gw.chat(body("policy/main", false, null));
      gw.chat(body("policy/main", false, null)); // two failures open sim/down-x
      HttpResponse<String> dry =
          gw.send("POST", "/admin/v1/policies/dry-run", "{'model':'policy/main','user':'alice'}");
      assertThat(dry.statusCode()).isEqualTo(200);
      JsonNode out = json(dry);
      assertThat(out.path("policy").asText()).isEqualTo("main");
      assertThat(out.path("hedge").path("after_ms").asInt()).isEqualTo(700);
      JsonNode first = out.path("targets").get(0);
      assertThat(first.path("target").asText()).isEqualTo("sim/down-x");
      assertThat(first.path("would_try").asBoolean()).isFalse();
      assertThat(first.path("skip_reason").asText()).startsWith("circuit open");
      JsonNode second = out.path("targets").get(1);
      assertThat(second.path("reason").asText())
          .startsWith("step 2 of fallback 'main' > sticky pick by user in 'pool'");
      String sticky = second.path("target").asText();
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r = gw.chat(body("policy/main", false, "'user':'alice'"));
        assertThat(r.headers().firstValue("x-switchboard-model")).hasValue(sticky);
        assertThat(r.headers().firstValue("x-switchboard-attempts")).hasValue("1");
      }
      assertThat(gw.send("GET", "/admin/v1/health", null).body())
          .contains("\"deployment\":\"sim/down-x\",\"breaker\":\"open\"");
      assertThat(gw.send("GET", "/metrics", null).body())
          .contains("switchboard_breaker_state{deployment=\"sim/down-x\"} 1")
          .contains(
              "switchboard_breaker_transitions_total{deployment=\"sim/down-x\",to=\"open\"} 1");
    }
  }

  @Test
  void weightedLoadBalancingSpreadsUsersOverTargets() throws Exception {
    try (RoutedGateway gw = RoutedGateway.start(YAML)) {
      gw.send(
          "PUT",
          "/admin/v1/policies/lb",
          "{'kind':'loadbalance','targets':["
              + "{'model':'sim/echo','weight':1},{'model':'sim/gpt-4o-mini','weight':1}]}");
      Set<String> served = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        served.add(
            gw.chat(body("policy/lb", false, null))
                .headers()
                .firstValue("x-switchboard-model")
                .orElseThrow());
      }
      assertThat(served).containsExactlyInAnyOrder("sim/echo", "sim/gpt-4o-mini");
    }
  }
}
