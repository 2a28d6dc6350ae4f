package switchboard.wire.anthropic.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.GatewayException;

/** Golden translations of Anthropic request bodies (wire-formats §3.2–3.3) to canonical (§4.3). */
class MessagesReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode body(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode canonical(String json) {
    MessagesRequest request = MessagesReader.read(body(json));
    assertThat(request.translatable()).as("translatable").isTrue();
    return request.canonical().body();
  }

  @Test
  void textRequestWithSystemStringAndSampling() {
    MessagesRequest request =
        MessagesReader.read(
            body(
                """
        {"model":"openai/gpt-4o","max_tokens":1024,"system":"Be brief.",
         "messages":[{"role":"user","content":"Hello"}],
         "temperature":0.5,"top_p":0.9,"top_k":40,"stop_sequences":["END","\\n\\n"],
         "metadata":{"user_id":"u-42"}}
        """));

    assertThat(request.canonical().body())
        .isEqualTo(
            body(
                """
        {"model":"openai/gpt-4o",
         "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],
         "max_tokens":1024,"temperature":0.5,"top_p":0.9,"top_k":40,"stop":["END","\\n\\n"],
         "user":"u-42"}
        """));
    assertThat(request.canonical().model()).isEqualTo("openai/gpt-4o");
    assertThat(request.canonical().stream()).isFalse();
    assertThat(request.untranslatable()).isNull();
  }

  @Test
  void systemTextBlocksAreJoinedAndCacheControlStaysInTheNativeBody() {
    String json =
        """
        {"model":"anthropic/claude-sonnet-4","max_tokens":10,
         "system":[{"type":"text","text":"You are terse."},
                   {"type":"text","text":"Long context","cache_control":{"type":"ephemeral","ttl":"1h"}}],
         "messages":[{"role":"user","content":[{"type":"text","text":"Hi","cache_control":{"type":"ephemeral"}}]}],
         "cache_control":{"type":"ephemeral"},"service_tier":"auto","some_future_field":{"x":1}}
        """;
    MessagesRequest request = MessagesReader.read(body(json));

    assertThat(request.canonical().body())
        .isEqualTo(
            body(
                """
        {"model":"anthropic/claude-sonnet-4",
         "messages":[{"role":"system","content":"You are terse.\\nLong context"},
                     {"role":"user","content":"Hi"}],
         "max_tokens":10}
        """));
    assertThat(request.nativeBody()).isEqualTo(body(json));
  }

  @Test
  void extensionsAreStrippedFromBothShapes() {
    MessagesRequest request =
        MessagesReader.read(
            body(
                """
        {"model":"policy/cheap","max_tokens":5,"messages":[{"role":"user","content":"x"}],
         "models":["openai/gpt-4o-mini","anthropic/claude-haiku-4"],
         "switchboard":{"tags":["a"],"user_id":"u1","auto_cache":true},"requesty":{"tags":["b"]}}
        """));

    assertThat(request.nativeBody().has("models")).isFalse();
    assertThat(request.nativeBody().has("switchboard")).isFalse();
    assertThat(request.nativeBody().has("requesty")).isFalse();
    assertThat(request.canonical().body().has("models")).isFalse();
    assertThat(request.canonical().fallbacks())
        .containsExactly("openai/gpt-4o-mini", "anthropic/claude-haiku-4");
    assertThat(request.canonical().options().tags()).containsExactly("a");
    assertThat(request.canonical().options().userId()).isEqualTo("u1");
    assertThat(request.canonical().options().autoCache()).isTrue();
  }

  @Test
  void imagesAndDocumentsBecomeContentParts() {
    JsonNode chat =
        canonical(
            """
        {"model":"m/x","max_tokens":10,"messages":[{"role":"user","content":[
          {"type":"text","text":"Compare"},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0"}},
          {"type":"image","source":{"type":"url","url":"https://example.com/cat.png"}},
          {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0"},"title":"Q3 report"},
          {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi1"}},
          {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain notes"}},
          {"type":"document","source":{"type":"content","content":[{"type":"text","text":"chunk 1"}]}}
        ]}]}
        """);

    assertThat(chat.get("messages"))
        .isEqualTo(
            JSON.valueToTree(
                body("""
        {"m":[{"role":"user","content":[
          {"type":"text","text":"Compare"},
          {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0"}},
          {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}},
          {"type":"file","file":{"filename":"Q3 report","file_data":"data:application/pdf;base64,JVBERi0"}},
          {"type":"file","file":{"filename":"document.pdf","file_data":"data:application/pdf;base64,JVBERi1"}},
          {"type":"text","text":"plain notes"},
          {"type":"text","text":"chunk 1"}]}]}
        """)
                    .get("m")));
  }

  @Test
  void multiTurnToolUseWithResults() {
    JsonNode chat =
        canonical(
            """
        {"model":"m/x","max_tokens":100,
         "tools":[{"name":"get_weather","description":"Weather for a city",
                   "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
                   "cache_control":{"type":"ephemeral"}},
                  {"type":"custom","name":"get_time","input_schema":{"type":"object"}}],
         "messages":[
          {"role":"user","content":"Weather in Paris and Rome?"},
          {"role":"assistant","content":[
            {"type":"thinking","thinking":"Two cities.","signature":"sig=="},
            {"type":"text","text":"Let me check."},
            {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Paris"}},
            {"type":"tool_use","id":"toolu_01B","name":"get_weather","input":{"city":"Rome"}}]},
          {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"toolu_01A","content":"21°C"},
            {"type":"tool_result","tool_use_id":"toolu_01B","is_error":true,
             "content":[{"type":"text","text":"timeout"},{"type":"text","text":"retry later"},
                        {"type":"image","source":{"type":"url","url":"https://example.com/map.png"}}]},
            {"type":"text","text":"And tomorrow?"}]},
          {"role":"assistant","content":[{"type":"redacted_thinking","data":"abc"},
            {"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_02"}]}]}
        """);

    assertThat(chat.get("messages"))
        .isEqualTo(
            body("""
        {"m":[
          {"role":"user","content":"Weather in Paris and Rome?"},
          {"role":"assistant","content":"Let me check.","tool_calls":[
            {"id":"toolu_01A","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
            {"id":"toolu_01B","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
          {"role":"tool","tool_call_id":"toolu_01A","content":"21°C"},
          {"role":"tool","tool_call_id":"toolu_01B","content":"Error: timeout\\nretry later"},
          {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/map.png"}},
                                    {"type":"text","text":"And tomorrow?"}]},
          {"role":"assistant","content":null,"tool_calls":[
            {"id":"toolu_02","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
          {"role":"tool","tool_call_id":"toolu_02","content":""}]}
        """)
                .get("m"));
    assertThat(chat.get("tools"))
        .isEqualTo(
            body("""
        {"t":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
                 "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
              {"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}]}
        """)
                .get("t"));
  }

  @Test
  void toolChoiceKinds() {
    String base =
        "{\"model\":\"m/x\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],"
            + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":";

    assertThat(canonical(base + "{\"type\":\"auto\"}}").get("tool_choice").asText())
        .isEqualTo("auto");
    assertThat(canonical(base + "{\"type\":\"any\"}}").get("tool_choice").asText())
        .isEqualTo("required");
    assertThat(canonical(base + "{\"type\":\"none\"}}").get("tool_choice").asText())
        .isEqualTo("none");
    JsonNode named =
        canonical(base + "{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true}}");
    assertThat(named.get("tool_choice"))
        .isEqualTo(body("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"));
    assertThat(named.get("parallel_tool_calls").asBoolean()).isFalse();
    JsonNode autoSerial =
        canonical(base + "{\"type\":\"auto\",\"disable_parallel_tool_use\":true}}");
    assertThat(autoSerial.get("parallel_tool_calls").isBoolean()).isTrue();
    assertThat(
            canonical(base + "{\"type\":\"auto\",\"disable_parallel_tool_use\":false}}")
                .has("parallel_tool_calls"))
        .isFalse();
  }

  @Test
  void thinkingBudgetMapsToReasoningEffort() {
    String base =
        "{\"model\":\"m/x\",\"max_tokens\":64000,\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],"
            + "\"thinking\":";

    assertThat(
            canonical(base + "{\"type\":\"enabled\",\"budget_tokens\":1024}}")
                .get("reasoning_effort")
                .asText())
        .isEqualTo("low");
    assertThat(
            canonical(base + "{\"type\":\"enabled\",\"budget_tokens\":4096}}")
                .get("reasoning_effort")
                .asText())
        .isEqualTo("medium");
    assertThat(
            canonical(base + "{\"type\":\"enabled\",\"budget_tokens\":16384}}")
                .get("reasoning_effort")
                .asText())
        .isEqualTo("high");
    assertThat(
            canonical(base + "{\"type\":\"adaptive\",\"display\":\"summarized\"}}")
                .has("reasoning_effort"))
        .isFalse();
    assertThat(canonical(base + "{\"type\":\"disabled\"}}").has("reasoning_effort")).isFalse();
  }

  @Test
  void streamAsksForUsage() {
    MessagesRequest request =
        MessagesReader.read(
            body(
                "{\"model\":\"m/x\",\"max_tokens\":9,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"));

    assertThat(request.canonical().stream()).isTrue();
    assertThat(request.canonical().body().get("stream").asBoolean()).isTrue();
    assertThat(request.canonical().body().get("stream_options"))
        .isEqualTo(body("{\"include_usage\":true}"));
  }

  @Test
  void assistantPrefillAndEmptyUserBlocksKeepTheirTurns() {
    JsonNode chat =
        canonical(
            """
        {"model":"m/x","max_tokens":9,"messages":[
          {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
          {"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"s"}]},
          {"role":"assistant","content":"{"}]}
        """);

    assertThat(chat.get("messages"))
        .isEqualTo(
            body("""
        {"m":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
              {"role":"assistant","content":""},
              {"role":"assistant","content":"{"}]}
        """)
                .get("m"));
  }

  @Test
  void anthropicOnlyFeaturesAreGapsNotErrors() {
    String[] bodies = {
      "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"url\",\"url\":\"https://x/y.pdf\"}}]}]",
      "\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]",
      "\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"mcp_servers\":[{\"type\":\"url\",\"url\":\"https://mcp\",\"name\":\"m\"}]",
      "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"file_1\"}}]}]",
      "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"search_result\",\"source\":\"s\",\"title\":\"t\",\"content\":[]}]}]",
    };
    String[] params = {
      "messages[0].content[0].source.type",
      "tools[0].type",
      "mcp_servers",
      "messages[0].content[0].source.type",
      "messages[0].content[0].type"
    };
    for (int i = 0; i < bodies.length; i++) {
      MessagesRequest request =
          MessagesReader.read(body("{\"model\":\"m/x\",\"max_tokens\":9," + bodies[i] + "}"));
      assertThat(request.translatable()).isFalse();
      assertThat(request.untranslatable().param()).isEqualTo(params[i]);
      assertThat(request.untranslatable().status()).isEqualTo(400);
      assertThat(request.untranslatable().getMessage()).contains("Anthropic model");
      assertThatThrownBy(request::canonicalOrThrow).isSameAs(request.untranslatable());
      assertThat(request.nativeBody().toString())
          .isEqualTo(body("{\"model\":\"m/x\",\"max_tokens\":9," + bodies[i] + "}").toString());
    }
  }

  @Test
  void translatableRequestGivesItsCanonical() {
    MessagesRequest request =
        MessagesReader.read(
            body(
                "{\"model\":\"m/x\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"));

    assertThat(request.canonicalOrThrow()).isSameAs(request.canonical());
  }

  @Test
  void gatewayExceptionIsTheOnlyFailure() {
    assertThatThrownBy(() -> MessagesReader.read(body("{\"max_tokens\":1,\"messages\":[]}")))
        .isInstanceOf(GatewayException.class);
  }
}
