package switchboard.wire.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.GatewayException;

class ConverseRequestsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLAUDE = "anthropic.claude-3-5-sonnet-20240620-v1:0";

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static void assertInvalid(String chat, String model, String param) {
    assertThatThrownBy(() -> ConverseRequests.fromCanonical(json(chat), model))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.param()).isEqualTo(param));
  }

  /** The request of wire-formats §7, from its canonical equivalent. */
  @Test
  void translatesTheDocumentedRequest() {
    ObjectNode chat =
        json(
            """
        {'model': 'ignored', 'stream': true,
         'messages': [
           {'role': 'system', 'content': 'You are terse.'},
           {'role': 'user', 'content': [{'type': 'text', 'text': 'Weather in Paris?'},
              {'type': 'image_url', 'image_url': {'url': 'data:image/png;base64,iVBORw0K'}}]},
           {'role': 'assistant', 'content': null, 'tool_calls': [{'id': 'tooluse_1', 'type': 'function',
              'function': {'name': 'get_weather', 'arguments': '{\\'city\\': \\'Paris\\'}'}}]},
           {'role': 'tool', 'tool_call_id': 'tooluse_1', 'content': '{\\'temp_c\\': 21}'}],
         'max_tokens': 512, 'temperature': 0.5, 'top_p': 0.9, 'stop': ['END'],
         'tools': [{'type': 'function', 'function': {'name': 'get_weather', 'description': 'Weather',
            'parameters': {'type': 'object', 'properties': {'city': {'type': 'string'}}}}}],
         'tool_choice': 'auto'}""");
    assertThat(ConverseRequests.fromCanonical(chat, CLAUDE))
        .isEqualTo(
            json(
                """
        {'system': [{'text': 'You are terse.'}],
         'messages': [
           {'role': 'user', 'content': [{'text': 'Weather in Paris?'},
              {'image': {'format': 'png', 'source': {'bytes': 'iVBORw0K'}}}]},
           {'role': 'assistant', 'content': [{'toolUse': {'toolUseId': 'tooluse_1', 'name': 'get_weather',
              'input': {'city': 'Paris'}}}]},
           {'role': 'user', 'content': [{'toolResult': {'toolUseId': 'tooluse_1',
              'content': [{'text': '{\\'temp_c\\': 21}'}], 'status': 'success'}}]}],
         'inferenceConfig': {'maxTokens': 512, 'temperature': 0.5, 'topP': 0.9, 'stopSequences': ['END']},
         'toolConfig': {'tools': [{'toolSpec': {'name': 'get_weather', 'description': 'Weather',
            'inputSchema': {'json': {'type': 'object', 'properties': {'city': {'type': 'string'}}}}}}],
            'toolChoice': {'auto': {}}}}"""));
  }

  @Test
  void mergesTurnsOfOneRoleAndPutsToolResultsInAUserTurn() {
    ObjectNode out =
        ConverseRequests.fromCanonical(
            json(
                """
        {'messages': [{'role': 'developer', 'content': 'A'}, {'role': 'user', 'content': 'one'},
          {'role': 'user', 'content': 'two'},
          {'role': 'assistant', 'content': 'calling', 'tool_calls': [
            {'id': 'a', 'type': 'function', 'function': {'name': 'f', 'arguments': '{}'}},
            {'id': 'b', 'type': 'function', 'function': {'name': 'f', 'arguments': ''}}]},
          {'role': 'tool', 'tool_call_id': 'a', 'content': 'ra'},
          {'role': 'tool', 'tool_call_id': 'b', 'content': [{'type': 'text', 'text': 'rb'}]},
          {'role': 'user', 'content': 'thanks'}],
         'tools': [{'type': 'function', 'function': {'name': 'f'}}], 'tool_choice': 'none'}"""),
            CLAUDE);
    assertThat(out.get("system").toString()).isEqualTo("[{\"text\":\"A\"}]");
    assertThat(out.get("messages")).hasSize(3);
    assertThat(out.at("/messages/0/content").toString())
        .isEqualTo("[{\"text\":\"one\"},{\"text\":\"two\"}]");
    assertThat(out.at("/messages/1/content")).hasSize(3);
    assertThat(out.at("/messages/1/content/2/toolUse/input").toString()).isEqualTo("{}");
    assertThat(out.at("/messages/2/content")).hasSize(3);
    assertThat(out.at("/messages/2/content/1/toolResult/content/0/text").asText()).isEqualTo("rb");
    assertThat(out.at("/messages/2/content/2/text").asText()).isEqualTo("thanks");
    // tool_choice none with tool blocks in the history: Converse needs the toolConfig, so it stays
    assertThat(out.at("/toolConfig/tools")).hasSize(1);
    assertThat(out.at("/toolConfig/toolChoice").isMissingNode()).isTrue();
  }

  @Test
  void toolChoices() {
    String base =
        "{'messages': [{'role': 'user', 'content': 'hi'}],"
            + " 'tools': [{'type': 'function', 'function': {'name': 'f'}}], 'tool_choice': %s}";
    assertThat(
            ConverseRequests.fromCanonical(json(base.formatted("'required'")), CLAUDE)
                .at("/toolConfig/toolChoice")
                .toString())
        .isEqualTo("{\"any\":{}}");
    assertThat(
            ConverseRequests.fromCanonical(
                    json(base.formatted("{'type': 'function', 'function': {'name': 'f'}}")), CLAUDE)
                .at("/toolConfig/toolChoice")
                .toString())
        .isEqualTo("{\"tool\":{\"name\":\"f\"}}");
    assertThat(
            ConverseRequests.fromCanonical(json(base.formatted("'none'")), CLAUDE)
                .has("toolConfig"))
        .isFalse();
    assertThat(
            ConverseRequests.fromCanonical(json(base.formatted("'auto'")), CLAUDE)
                .at("/toolConfig/tools/0/toolSpec/inputSchema/json")
                .toString())
        .isEqualTo("{\"type\":\"object\",\"properties\":{}}");
  }

  @Test
  void familySpecificFields() {
    String chat = "{'messages': [{'role': 'user', 'content': 'hi'}], 'top_k': 20}";
    assertThat(
            ConverseRequests.fromCanonical(
                    json(chat), "us.anthropic.claude-3-7-sonnet-20250219-v1:0")
                .get("additionalModelRequestFields")
                .toString())
        .isEqualTo("{\"top_k\":20}");
    assertThat(
            ConverseRequests.fromCanonical(json(chat), "amazon.nova-pro-v1:0")
                .get("additionalModelRequestFields")
                .toString())
        .isEqualTo("{\"inferenceConfig\":{\"topK\":20}}");
    assertInvalid(chat, "us.meta.llama3-2-90b-instruct-v1:0", "top_k");
    ObjectNode thinking =
        ConverseRequests.fromCanonical(
            json("{'messages': [{'role': 'user', 'content': 'hi'}], 'reasoning_effort': 'low'}"),
            CLAUDE);
    assertThat(thinking.at("/additionalModelRequestFields/thinking").toString())
        .isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":1024}");
    assertThat(thinking.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(5120);
    assertInvalid(
        "{'messages': [{'role': 'user', 'content': 'hi'}], 'reasoning_effort': 'high',"
            + " 'max_tokens': 100}",
        CLAUDE,
        "max_tokens");
    assertInvalid(
        "{'messages': [{'role': 'user', 'content': 'hi'}], 'reasoning_effort': 'high'}",
        "mistral.mistral-large-2407-v1:0",
        "reasoning_effort");
  }

  @Test
  void refusesWhatConverseCannotCarry() {
    assertInvalid("{'messages': [{'role': 'user', 'content': 'hi'}], 'n': 2}", CLAUDE, "n");
    assertInvalid(
        "{'messages': [{'role': 'user', 'content': [{'type': 'image_url',"
            + " 'image_url': {'url': 'https://example.com/cat.png'}}]}]}",
        CLAUDE,
        "messages[0].content[0].image_url.url");
    assertInvalid(
        "{'messages': [{'role': 'user', 'content': [{'type': 'image_url',"
            + " 'image_url': {'url': 'data:image/bmp;base64,Qk0='}}]}]}",
        CLAUDE,
        "messages[0].content[0].image_url.url");
    assertInvalid(
        "{'messages': [{'role': 'user', 'content': [{'type': 'input_audio'}]}]}",
        CLAUDE,
        "messages[0].content[0].type");
    assertInvalid(
        "{'messages': [{'role': 'assistant', 'tool_calls': [{'id': 'x', 'function':"
            + " {'name': 'f', 'arguments': '[1'}}]}]}",
        CLAUDE,
        "messages[0].tool_calls[0].function.arguments");
    assertInvalid(
        "{'messages': [{'role': 'user', 'content': 'hi'}],"
            + " 'response_format': {'type': 'json_object'}}",
        CLAUDE,
        "response_format");
    assertInvalid("{'messages': []}", CLAUDE, "messages");
    assertInvalid(
        "{'messages': [{'role': 'tool', 'content': 'x'}]}", CLAUDE, "messages[0].tool_call_id");
  }

  @Test
  void jpgIsJpeg() {
    ObjectNode out =
        ConverseRequests.fromCanonical(
            json(
                "{'messages': [{'role': 'user', 'content':"
                    + " [{'type': 'image_url', 'image_url': {'url': 'data:image/jpg;base64,/9j/'}}]}]}"),
            CLAUDE);
    assertThat(out.at("/messages/0/content/0/image/format").asText()).isEqualTo("jpeg");
  }

  @Test
  void familiesFromIdsProfilesAndArns() {
    assertThat(ConverseFamily.of(CLAUDE)).isEqualTo(ConverseFamily.ANTHROPIC);
    assertThat(ConverseFamily.of("us.anthropic.claude-sonnet-4-20250514-v1:0"))
        .isEqualTo(ConverseFamily.ANTHROPIC);
    assertThat(
            ConverseFamily.of(
                "arn:aws:bedrock:us-east-1:123:inference-profile/eu.meta.llama3-2-1b-instruct-v1:0"))
        .isEqualTo(ConverseFamily.META);
    assertThat(ConverseFamily.of("mistral.mistral-large-2407-v1:0"))
        .isEqualTo(ConverseFamily.MISTRAL);
    assertThat(ConverseFamily.of("global.amazon.nova-2-lite-v1:0")).isEqualTo(ConverseFamily.NOVA);
    assertThat(ConverseFamily.of("amazon.titan-text-express-v1")).isEqualTo(ConverseFamily.OTHER);
    assertThat(ConverseFamily.of("rate-limited")).isEqualTo(ConverseFamily.OTHER);
  }
}
