package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.route.RoutedGateway.body;
import static switchboard.route.ScriptedUpstream.of;
import static switchboard.route.ScriptedUpstream.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.route.ScriptedUpstream.Kind;

/** Continuation of broken text-only streams (a policy's continue_streams), over real HTTP. */
class ContinuationIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ScriptedUpstream fake;
  private static RoutedGateway gw;

  @BeforeAll
  static void start() throws Exception {
    fake = new ScriptedUpstream();
    gw =
        RoutedGateway.start(
            """
        providers:
          fake: {vendor: custom, base_url: "http://127.0.0.1:%d/v1"}
        policies:
          cont: {kind: fallback, targets: [fake/cut-a, fake/cont-b], continue_streams: true}
          plain: {kind: fallback, targets: [fake/cut-c, fake/cont-d]}
          nobody: {kind: fallback, targets: [fake/cut-e], continue_streams: true}
        """
                .formatted(fake.port()));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    fake.close();
  }

  @Test
  void theNextTargetContinuesTheAnswerAndTheRepeatedOverlapIsCut() throws Exception {
    fake.script("cut-a", of(Kind.STREAM_CUT_AFTER_CONTENT)); // sends "partial answer", then resets
    fake.script("cont-b", text("answer", " that goes on", "."));
    HttpResponse<String> r = gw.chat(body("policy/cont", true, null));

    assertThat(r.statusCode()).isEqualTo(200);
    List<JsonNode> chunks = chunks(r.body());
    assertThat(contentOf(chunks)).isEqualTo("partial answer that goes on.");
    assertThat(r.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
    assertThat(chunks).allSatisfy(c -> assertThat(c.path("id").asText()).isEqualTo("chatcmpl-1"));
    assertThat(chunks.stream().filter(c -> c.path("choices").path(0).path("delta").has("role")))
        .hasSize(1);
    assertThat(chunks.get(chunks.size() - 1).path("choices").path(0).path("finish_reason").asText())
        .isEqualTo("stop");

    JsonNode asked = fake.bodies("cont-b").get(0);
    JsonNode messages = asked.path("messages");
    assertThat(messages.get(messages.size() - 2).path("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(messages.size() - 2).path("content").asText())
        .isEqualTo("partial answer");
    assertThat(messages.get(messages.size() - 1).path("content").asText())
        .isEqualTo(ContinuationPrompt.INSTRUCTION);
    assertThat(gw.send("GET", "/metrics", null).body())
        .contains("switchboard_continuations_total{outcome=\"continued\"} 1");
  }

  @Test
  void withoutTheOptionABrokenStreamEndsWithAnErrorEvent() throws Exception {
    fake.script("cut-c", of(Kind.STREAM_CUT_AFTER_CONTENT));
    HttpResponse<String> r = gw.chat(body("policy/plain", true, null));
    assertThat(r.body())
        .contains("partial answer")
        .contains("stream_broken")
        .doesNotContain("[DONE]");
    assertThat(fake.calls("cont-d")).isZero();
  }

  @Test
  void withNoTargetLeftTheStreamEndsBrokenAsUsual() throws Exception {
    fake.script("cut-e", of(Kind.STREAM_CUT_AFTER_CONTENT));
    HttpResponse<String> r = gw.chat(body("policy/nobody", true, null));
    assertThat(r.body())
        .contains("partial answer")
        .contains("stream_broken")
        .doesNotContain("[DONE]");
  }

  private static List<JsonNode> chunks(String sse) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String event : sse.split("\n\n")) {
      if (event.startsWith("data: {")) {
        out.add(JSON.readTree(event.substring(6)));
      }
    }
    return out;
  }

  private static String contentOf(List<JsonNode> chunks) {
    StringBuilder out = new StringBuilder();
    chunks.forEach(
        c -> out.append(c.path("choices").path(0).path("delta").path("content").asText("")));
    return out.toString();
  }
}
