package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static switchboard.route.RoutedGateway.body;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data residency through the HTTP API: EU and US deployments on separate loopback fakes; a request
 * requiring eu is served only in the EU, fails over only within it, and is refused with 400
 * region_unavailable (in each dialect's envelope) when no EU deployment exists.
 */
class ResidencyIT {

  private static ScriptedUpstream eu1;
  private static ScriptedUpstream eu2;
  private static ScriptedUpstream us;
  private static RoutedGateway gw;

  @BeforeAll
  static void start() throws Exception {
    eu1 = new ScriptedUpstream();
    eu2 = new ScriptedUpstream();
    us = new ScriptedUpstream();
    gw =
        RoutedGateway.start(
            """
        providers:
          eu1: {vendor: custom, base_url: "http://127.0.0.1:%d/v1", region: eu}
          eu2: {vendor: custom, base_url: "http://127.0.0.1:%d/v1", region: westeurope}
          us1: {vendor: custom, base_url: "http://127.0.0.1:%d/v1", region: us-east-1}
        policies:
          chain: {kind: fallback, targets: [us1/m, eu1/m, eu2/m]}
          down: {kind: fallback, targets: [eu1/down, eu2/down, us1/down]}
          lb: {kind: loadbalance, targets: [{model: us1/lb, weight: 50}, {model: eu1/lb, weight: 1}]}
          hedged: {kind: fallback, hedge: {after_ms: 50}, targets: [eu1/slow, us1/slow-us, eu2/fast]}
          eu-only: {kind: fallback, regions: [eu], targets: [us1/p, eu2/p]}
          us-only: {kind: fallback, regions: [eu], targets: [us1/q]}
          cached: {kind: fallback, targets: [us1/c, eu1/c]}
        """
                .formatted(eu1.port(), eu2.port(), us.port()));
    eu1.script("m", ScriptedUpstream.status(500));
    eu1.script("down", ScriptedUpstream.status(503));
    eu2.script("down", ScriptedUpstream.status(503));
    eu1.script("slow", ScriptedUpstream.okAfter(1_500));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    eu1.close();
    eu2.close();
    us.close();
  }

  private static String eu(String model) {
    return body(model, false, "'switchboard':{'regions':['eu']}");
  }

  @Test
  void failoverFromAFailingEuDeploymentGoesToTheNextEuOneNeverToUs() throws Exception {
    HttpResponse<String> r = gw.chat(eu("policy/chain"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-switchboard-model")).hasValue("eu2/m");
    assertThat(r.headers().firstValue("x-switchboard-attempts")).hasValue("2");
    assertThat(us.calls("m")).isZero();
  }

  @Test
  void allEuDownIsTheProvidersErrorNotAUsAnswer() throws Exception {
    HttpResponse<String> r = gw.chat(eu("policy/down"));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("eu1/down").contains("eu2/down").doesNotContain("us1/down");
    assertThat(us.calls("down")).isZero();
  }

  @Test
  void loadBalancingAndHedgingStayInTheRegion() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(gw.chat(eu("policy/lb")).headers().firstValue("x-switchboard-model"))
          .hasValue("eu1/lb");
    }
    assertThat(us.calls("lb")).isZero();
    HttpResponse<String> h = gw.chat(eu("policy/hedged"));
    assertThat(h.headers().firstValue("x-switchboard-model")).hasValue("eu2/fast");
    assertThat(us.calls("slow-us")).isZero();
  }

  @Test
  void aCachedAnswerFromOutsideTheRegionIsNotServedToARequestThatRequiresIt() throws Exception {
    HttpResponse<String> anywhere =
        gw.chat(body("policy/cached", false, "'switchboard':{'cache':true}"));
    assertThat(anywhere.headers().firstValue("x-switchboard-model")).hasValue("us1/c");
    assertThat(anywhere.headers().firstValue("x-switchboard-cache")).hasValue("miss");

    String euCached = body("policy/cached", false, "'switchboard':{'cache':true,'regions':['eu']}");
    HttpResponse<String> first = gw.chat(euCached);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-switchboard-cache"))
        .as("the stored answer was made in us-east-1")
        .hasValue("miss");
    assertThat(first.headers().firstValue("x-switchboard-model")).hasValue("eu1/c");
    HttpResponse<String> again = gw.chat(euCached);
    assertThat(again.headers().firstValue("x-switchboard-cache")).hasValue("hit");
    assertThat(again.headers().firstValue("x-switchboard-model")).hasValue("eu1/c");
  }

  @Test
  void noEuDeploymentIs400RegionUnavailableInEachDialect() throws Exception {
    HttpResponse<String> chat = gw.chat(eu("us1/m"));
    assertThat(chat.statusCode()).isEqualTo(400);
    assertThat(chat.body()).contains("\"code\":\"region_unavailable\"").contains("\"error\":{");
    HttpResponse<String> messages =
        gw.send(
            "POST",
            "/v1/messages",
            "{'model':'us1/m','max_tokens':10,'messages':[{'role':'user','content':'hi'}],'switchboard':{'regions':['eu']}}");
    assertThat(messages.statusCode()).isEqualTo(400);
    assertThat(messages.body())
        .startsWith("{\"type\":\"error\"")
        .contains("invalid_request_error")
        .contains("region_unavailable");
    HttpResponse<String> responses =
        gw.send(
            "POST",
            "/v1/responses",
            "{'model':'us1/m','input':'hi','switchboard':{'regions':['eu']}}");
    assertThat(responses.statusCode()).isEqualTo(400);
    assertThat(responses.body()).contains("\"code\":\"region_unavailable\"");
    assertThat(us.calls("m")).isZero();
  }

  @Test
  void aPolicysRegionsApplyWithoutTheRequestAsking() throws Exception {
    HttpResponse<String> r = gw.chat(body("policy/eu-only", false, null));
    assertThat(r.headers().firstValue("x-switchboard-model")).hasValue("eu2/p");
    assertThat(us.calls("p")).isZero();
    assertThat(gw.chat(body("policy/us-only", false, null)).body()).contains("region_unavailable");
  }

  @Test
  void aKeysRegionsApplyAndARequestCanOnlyNarrowThem() throws Exception {
    HttpResponse<String> made =
        gw.send("POST", "/admin/v1/keys", "{'name':'eu-team','options':{'regions':['eu']}}");
    assertThat(made.statusCode()).isEqualTo(201);
    String secret =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(made.body())
            .path("secret")
            .asText();
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(gw.base() + "/v1")
            .apiKey(secret)
            .maxRetries(0)
            .build();
    try {
      ChatCompletion c =
          client
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder()
                      .model("policy/chain")
                      .addUserMessage("hi")
                      .build());
      assertThat(c.choices()).isNotEmpty();
      assertThat(us.calls("m")).isZero();
      // Asking for us as well cannot widen the key's eu: the intersection is eu.
      assertThatThrownBy(
              () ->
                  client
                      .chat()
                      .completions()
                      .create(
                          ChatCompletionCreateParams.builder()
                              .model("us1/m")
                              .addUserMessage("hi")
                              .putAdditionalBodyProperty(
                                  "switchboard",
                                  JsonValue.from(Map.of("regions", List.of("eu", "us"))))
                              .build()))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("region");
    } finally {
      client.close();
    }
    assertThat(
            gw.send("POST", "/admin/v1/keys", "{'name':'bad','options':{'regions':'eu'}}")
                .statusCode())
        .isEqualTo(400);
  }
}
