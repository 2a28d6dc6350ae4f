package switchboard.wire.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import switchboard.pipeline.GatewayException;

/** Golden translations of Responses request bodies to the canonical chat body. */
class ResponsesReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode body(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void stringInputInstructionsAndSampling() {
    ResponsesRequest request =
        ResponsesReader.read(
            body(
                """
        {"model":"anthropic/claude-sonnet-4","input":"Hello","instructions":"Be brief.",
         "temperature":0.5,"top_p":0.9,"max_output_tokens":300,"reasoning":{"effort":"low"},
         "user":"u-1","metadata":{"k":"v"},"store":false,
         "models":["google/gemini-2.5-flash"],"switchboard":{"tags":["t1"]}}
        """));

    assertThat(request.canonical().body())
        .isEqualTo(
            body(
                """
        {"model":"anthropic/claude-sonnet-4",
         "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],
         "temperature":0.5,"top_p":0.9,"max_tokens":300,"reasoning_effort":"low","user":"u-1"}
        """));
    assertThat(request.canonical().fallbacks()).containsExactly("google/gemini-2.5-flash");
    assertThat(request.canonical().options().tags()).containsExactly("t1");
    assertThat(request.nativeBody().has("models")).isFalse();
    assertThat(request.nativeBody().has("switchboard")).isFalse();
    assertThat(request.store()).isFalse();
    assertThat(request.translatable()).isTrue();
    assertThat(request.canonical().stream()).isFalse();
  }

  @Test
  void itemsWithImagesAFunctionCallRoundTripAndAssistantTurns() {
    ResponsesRequest request =
        ResponsesReader.read(
            body(
                """
        {"model":"google/gemini-2.5-flash","stream":true,"input":[
          {"role":"developer","content":"Use tools."},
          {"type":"message","role":"user","content":[
            {"type":"input_text","text":"What is in this picture, and the weather?"},
            {"type":"input_image","image_url":"https://example.com/a.png","detail":"low"}]},
          {"type":"message","role":"assistant","id":"msg_1","status":"completed",
           "content":[{"type":"output_text","text":"Let me check.","annotations":[]}]},
          {"type":"reasoning","id":"rs_1","summary":[]},
          {"type":"function_call","id":"fc_1","call_id":"call_a","name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"},
          {"type":"function_call","id":"fc_2","call_id":"call_b","name":"weather","arguments":"{\\"city\\":\\"Rome\\"}"},
          {"type":"function_call_output","call_id":"call_a","output":"sunny"},
          {"type":"function_call_output","call_id":"call_b","output":[{"type":"input_text","text":"rain"}]}
        ],
        "tools":[{"type":"function","name":"weather","description":"Weather now",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}],
        "tool_choice":{"type":"function","name":"weather"},"parallel_tool_calls":false}
        """));

    assertThat(request.canonical().body())
        .isEqualTo(
            body(
                """
        {"model":"google/gemini-2.5-flash","messages":[
          {"role":"system","content":"Use tools."},
          {"role":"user","content":[
            {"type":"text","text":"What is in this picture, and the weather?"},
            {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}]},
          {"role":"assistant","content":"Let me check.","tool_calls":[
            {"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
            {"id":"call_b","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
          {"role":"tool","tool_call_id":"call_a","content":"sunny"},
          {"role":"tool","tool_call_id":"call_b","content":[{"type":"text","text":"rain"}]}],
         "tools":[{"type":"function","function":{"name":"weather","description":"Weather now",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}}],
         "tool_choice":{"type":"function","function":{"name":"weather"}},
         "parallel_tool_calls":false,
         "stream":true,"stream_options":{"include_usage":true}}
        """));
    assertThat(request.canonical().stream()).isTrue();
    assertThat(request.canonical().includeUsage()).isTrue();
  }

  @Test
  void jsonSchemaFormatBecomesResponseFormat() {
    ResponsesRequest request =
        ResponsesReader.read(
            body(
                """
        {"model":"sim/gpt-4o-mini","input":"Give me a city",
         "text":{"verbosity":"low","format":{"type":"json_schema","name":"city","strict":true,
           "schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}}
        """));

    assertThat(request.canonical().body().get("response_format"))
        .isEqualTo(
            body(
                """
        {"type":"json_schema","json_schema":{"name":"city",
          "schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]},
          "strict":true}}
        """));
    assertThat(request.canonical().body().get("verbosity").asText()).isEqualTo("low");
  }

  @Test
  void allowedToolsNarrowsTheToolList() {
    ResponsesRequest request =
        ResponsesReader.read(
            body(
                """
        {"model":"sim/x","input":"hi",
         "tools":[{"type":"function","name":"a"},{"type":"function","name":"b"}],
         "tool_choice":{"type":"allowed_tools","mode":"required","tools":[{"type":"function","name":"b"}]}}
        """));

    assertThat(request.canonical().body().get("tools"))
        .isEqualTo(
            JSON.createArrayNode()
                .add(body("{\"type\":\"function\",\"function\":{\"name\":\"b\"}}")));
    assertThat(request.canonical().body().get("tool_choice").asText()).isEqualTo("required");
  }

  @Test
  void builtInToolsAreAGapNamingTheTool() {
    ResponsesRequest request =
        ResponsesReader.read(
            body(
                """
        {"model":"openai/gpt-5","input":"news?",
         "tools":[{"type":"function","name":"a"},{"type":"web_search"}]}
        """));

    assertThat(request.translatable()).isFalse();
    assertThat(request.untranslatable().param()).isEqualTo("tools[1]");
    assertThat(request.untranslatable().getMessage()).contains("web_search").contains("openai/");
    // The OpenAI passthrough still gets the whole request.
    assertThat(request.nativeBody().get("tools").get(1).get("type").asText())
        .isEqualTo("web_search");
  }

  @Test
  void itemsOfBuiltInToolsAreGapsToo() {
    ResponsesRequest request =
        ResponsesReader.read(
            body(
                """
        {"model":"openai/gpt-5","input":[{"type":"web_search_call","id":"ws_1","status":"completed"},
          {"role":"user","content":"and?"}]}
        """));

    assertThat(request.untranslatable().param()).isEqualTo("input[0]");
  }

  @Test
  void continuationSplicesTheHistoryBeforeTheInput() {
    ResponsesRequest first =
        ResponsesReader.read(
            body(
                """
        {"model":"sim/x","previous_response_id":"resp_1","input":"And Rome?",
         "models":["sim/y"]}
        """));
    ArrayNode history =
        (ArrayNode)
            body("""
        {"h":[{"role":"user","content":"Weather in Paris?"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Sunny."}]}]}
        """)
                .get("h");

    ResponsesRequest next = ResponsesReader.continued(first, history);

    assertThat(first.previousResponseId()).isEqualTo("resp_1");
    assertThat(next.canonical().body().get("messages"))
        .isEqualTo(
            body("""
        {"m":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":"Sunny."},
              {"role":"user","content":"And Rome?"}]}
        """)
                .get("m"));
    assertThat(next.canonical().fallbacks()).containsExactly("sim/y");
    assertThat(next.nativeBody().has("previous_response_id")).isFalse();
    assertThat(next.nativeBody().get("input")).hasSize(3);
    assertThat(next.echo().get("previous_response_id").asText()).isEqualTo("resp_1");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"input\":\"hi\"}|model",
        "{\"model\":\"sim/x\"}|input",
        "{\"model\":\"sim/x\",\"input\":5}|input",
        "{\"model\":\"sim/x\",\"input\":[]}|input",
        "{\"model\":\"sim/x\",\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}|input[0].role",
        "{\"model\":\"sim/x\",\"input\":[{\"role\":\"user\"}]}|input[0].content",
        "{\"model\":\"sim/x\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"file_id\":\"f\"}]}]}|input[0].content[0].file_id",
        "{\"model\":\"sim/x\",\"input\":[{\"type\":\"function_call\",\"name\":\"a\",\"arguments\":\"{}\"}]}|input[0].call_id",
        "{\"model\":\"sim/x\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\"}]}|input[0].output",
        "{\"model\":\"sim/x\",\"input\":[{\"type\":\"teleport\"}]}|input[0].type",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"tools\":{}}|tools",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"tools\":[{\"type\":\"function\"}]}|tools[0].name",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"tool_choice\":\"always\"}|tool_choice",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"json_schema\",\"schema\":{}}}}|text.format.name",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"yaml\"}}}|text.format.type",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"max_output_tokens\":0}|max_output_tokens",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"temperature\":\"hot\"}|temperature",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"reasoning\":{\"effort\":\"extreme\"}}|reasoning.effort",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"stream\":\"yes\"}|stream",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"store\":1}|store",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"background\":true}|background",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"conversation\":\"conv_1\"}|conversation",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"previous_response_id\":7}|previous_response_id",
        "{\"model\":\"sim/x\",\"input\":\"hi\",\"models\":\"sim/y\"}|models",
      })
  void badInputIsA400NamingTheField(String json, String param) {
    assertThatThrownBy(() -> ResponsesReader.read(body(json)))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.param()).isEqualTo(param);
              assertThat(e.getMessage()).contains(param);
            });
  }
}
