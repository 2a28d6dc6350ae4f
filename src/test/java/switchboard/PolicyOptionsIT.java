package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Reply;

/**
 * A policy's {@code options} (SPEC §3: defaults under the request's and key's): the response cache
 * and PII redaction switched on for every request routed through the policy, a request turning the
 * cache off, and a request unable to loosen the policy's guardrails; a malformed options object
 * refused when the policy is saved.
 */
class PolicyOptionsIT {

  private static final String EMAIL = "max.mustermann@example.de";

  @TempDir static Path data;
  static FakeOpenAi openai;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    openai = FakeOpenAi.start();
    gw =
        GatewayFixture.startWithConfig(
            data,
            GatewayFixture.openAi(openai),
            """
            policies:
              support:
                kind: fallback
                options:
                  cache: {ttl: 600}
                  guardrails: {pii: redact}
                targets:
                  - {model: openai/gpt-4o-mini}
            """);
  }

  @AfterAll
  static void stop() {
    gw.close();
    openai.close();
  }

  @BeforeEach
  void reset() {
    openai.reset();
  }

  private static String ask(String model, String content, String options) {
    return "{\"model\":\""
        + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + content
        + "\"}]"
        + (options == null ? "" : ",\"switchboard\":" + options)
        + "}";
  }

  @Test
  void thePolicysCacheAndGuardrailsApplyToItsRequests() {
    openai.then(Reply.text("Answered for [EMAIL_1]."));
    String body = ask("policy/support", "Where is my order? I am " + EMAIL, null);
    HttpResponse<String> first = gw.post("/v1/chat/completions", body);
    HttpResponse<String> second = gw.post("/v1/chat/completions", body);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-switchboard-cache")).hasValue("miss");
    assertThat(first.headers().firstValue("x-switchboard-guardrails")).hasValue("pii=redacted");
    assertThat(openai.single().body()).doesNotContain(EMAIL).contains("[EMAIL_1]");
    assertThat(first.body()).contains("Answered for " + EMAIL);
    assertThat(second.headers().firstValue("x-switchboard-cache")).hasValue("hit");
    assertThat(second.body()).contains("Answered for " + EMAIL);
  }

  @Test
  void aRequestCanTurnThePolicysCacheOffButNotLoosenItsGuardrails() {
    openai.then(Reply.text("One."), Reply.text("Two."));
    String body =
        ask(
            "policy/support",
            "Mail " + EMAIL,
            "{\"cache\":false,\"guardrails\":{\"pii\":\"off\"}}");
    HttpResponse<String> r = gw.post("/v1/chat/completions", body);
    gw.post("/v1/chat/completions", body);

    assertThat(r.headers().firstValue("x-switchboard-cache")).hasValue("bypass");
    assertThat(openai.requests()).hasSize(2);
    assertThat(openai.requests().get(0).body()).doesNotContain(EMAIL);
  }

  @Test
  void aModelOutsideThePolicyIsUntouched() {
    openai.then(Reply.text("Plain."));
    HttpResponse<String> r =
        gw.post("/v1/chat/completions", ask("openai/gpt-4o-mini", "Mail " + EMAIL, null));
    assertThat(r.headers().firstValue("x-switchboard-cache")).hasValue("bypass");
    assertThat(openai.single().body()).contains(EMAIL);
  }

  @Test
  void aPolicyWithMalformedOptionsIsRefused() {
    HttpResponse<String> r =
        gw.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(gw.baseUrl() + "/admin/v1/policies/broken"))
                .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
                .header("content-type", "application/json")
                .PUT(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"kind\":\"fallback\",\"targets\":[{\"model\":\"openai/gpt-4o-mini\"}],"
                            + "\"options\":{\"guardrails\":{\"pii\":\"shred\"}}}"))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("options.guardrails.pii");
  }
}
