package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.route.RoutedGateway.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worked examples of docs/routing.md, run as written against the simulators. */
class DocsExamplesIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static RoutedGateway gw;

  @BeforeAll
  static void start() throws Exception {
    String doc = Files.readString(Path.of("docs/routing.md"));
    ObjectNode policies = YAML.createObjectNode();
    Matcher m = Pattern.compile("```yaml\\n(policies:.*?)```", Pattern.DOTALL).matcher(doc);
    while (m.find()) {
      policies.setAll((ObjectNode) YAML.readTree(m.group(1)).get("policies"));
    }
    assertThat(policies.size()).isEqualTo(5);
    ObjectNode root = YAML.createObjectNode();
    root.putObject("sim").put("enabled", true);
    root.set("policies", policies);
    gw = RoutedGateway.start(YAML.writeValueAsString(root));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  private static String model(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("x-switchboard-model").orElseThrow();
  }

  @Test
  void theFallbackChainAlwaysAnswers() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertThat(gw.chat(body("policy/resilient", false, null)).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theStickyPoolKeepsAliceOnOneModel() throws Exception {
    String first = model(gw.chat(body("policy/pool", false, "'user':'alice'")));
    for (int i = 0; i < 5; i++) {
      assertThat(model(gw.chat(body("policy/pool", false, "'user':'alice'")))).isEqualTo(first);
    }
  }

  @Test
  void theLatencyPolicySettlesOnTheFastestSimulator() throws Exception {
    // Each member measured a few times first: one slow first request (a cold JIT on a busy
    // machine) would otherwise weigh on a target's moving average for a while.
    for (int i = 0; i < 6; i++) {
      for (String m : new String[] {"sim/echo-400ms", "sim/echo-50ms", "sim/echo-150ms"}) {
        model(gw.chat(body(m, true, null)));
      }
    }
    int fastest = 0;
    for (int i = 0; i < 10; i++) {
      fastest += model(gw.chat(body("policy/fast", true, null))).equals("sim/echo-50ms") ? 1 : 0;
    }
    assertThat(fastest).isGreaterThanOrEqualTo(8);
  }

  @Test
  void theBoundChainServesThePlainPrimaryModel() throws Exception {
    HttpResponse<String> r = gw.chat(body("sim/echo", false, null));
    assertThat(r.statusCode()).isEqualTo(200);
    HttpResponse<String> dry =
        gw.send("POST", "/admin/v1/policies/dry-run", "{'model':'sim/echo'}");
    JsonNode targets = new ObjectMapper().readTree(dry.body()).path("targets");
    assertThat(targets.get(0).path("reason").asText())
        .contains("policy 'main' bound to key 'master'");
    assertThat(targets).as("sim/gpt-4o-mini is in the pool and the chain: tried once").hasSize(3);
  }

  @Test
  void theHedgedPolicyDoesNotWaitForTheSlowSimulator() throws Exception {
    long started = System.nanoTime();
    assertThat(model(gw.chat(body("policy/snappy", true, null)))).isEqualTo("sim/gpt-4o-mini");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_200);
  }
}
