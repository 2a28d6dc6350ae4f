package switchboard.wire.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.wire.responses.ResponsesReaderTest.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.responses.Response;
import org.junit.jupiter.api.Test;
import switchboard.wire.openai.UsageReader;

/** Canonical answers → Responses objects, checked golden and by the official SDK's models. */
class ResponsesWriterTest {

  /** The node as a parser reads it back (int and long nodes compare alike). */
  static JsonNode norm(JsonNode node) {
    return body("{\"n\":" + node + "}").get("n");
  }

  static final ResponseShell SHELL =
      new ResponseShell(
          "resp_abc",
          1700000000,
          body(
              """
          {"model":"anthropic/claude-sonnet-4","input":"hi","instructions":"Be brief.",
           "tools":[{"type":"function","name":"weather","parameters":{"type":"object"}}],
           "temperature":0.2}
          """),
          true);

  @Test
  void textAnswerWithUsage() {
    ObjectNode out =
        ResponsesWriter.fromCanonical(
            body(
                """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"claude-sonnet-4-5",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there."},
                     "finish_reason":"stop"}],
         "usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25,
                  "prompt_tokens_details":{"cached_tokens":8},
                  "completion_tokens_details":{"reasoning_tokens":0}}}
        """),
            SHELL);

    assertThat(norm(out))
        .isEqualTo(
            body(
                """
        {"id":"resp_abc","object":"response","created_at":1700000000,"status":"completed",
         "background":false,"error":null,"incomplete_details":null,"instructions":"Be brief.",
         "max_output_tokens":null,"model":"claude-sonnet-4-5",
         "output":[{"id":"msg_abc","type":"message","status":"completed",
           "content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Hello there."}],
           "role":"assistant"}],
         "parallel_tool_calls":true,"previous_response_id":null,
         "reasoning":{"effort":null,"summary":null},"store":true,"temperature":0.2,
         "text":{"format":{"type":"text"}},"tool_choice":"auto",
         "tools":[{"type":"function","name":"weather","parameters":{"type":"object"}}],
         "top_p":1.0,"truncation":"disabled",
         "usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":8,"cache_write_tokens":0},
                  "output_tokens":5,
                  "output_tokens_details":{"reasoning_tokens":0},"total_tokens":25},
         "user":null,"metadata":{}}
        """));
    Response sdk = SdkShapes.response(out.toString());
    assertThat(sdk.output().get(0).asMessage().content().get(0).asOutputText().text())
        .isEqualTo("Hello there.");
    assertThat(sdk.usage().orElseThrow().inputTokensDetails().cachedTokens()).isEqualTo(8);
  }

  @Test
  void reasoningAndToolCalls() {
    ObjectNode out =
        ResponsesWriter.fromCanonical(
            body(
                """
        {"id":"x","model":"gemini-2.5-flash","choices":[{"index":0,"message":{"role":"assistant",
          "content":null,"reasoning_content":"Need the weather.",
          "tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
            {"id":"call_2","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
          "finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":30,"completion_tokens":40,"total_tokens":70,
                  "completion_tokens_details":{"reasoning_tokens":25}}}
        """),
            SHELL);

    assertThat(norm(out.get("output")))
        .isEqualTo(
            body("""
        {"o":[{"id":"rs_abc","type":"reasoning","summary":[],
               "content":[{"type":"reasoning_text","text":"Need the weather."}]},
              {"id":"fc_abc","type":"function_call","status":"completed",
               "arguments":"{\\"city\\":\\"Paris\\"}","call_id":"call_1","name":"weather"},
              {"id":"fc_abc_1","type":"function_call","status":"completed",
               "arguments":"{\\"city\\":\\"Rome\\"}","call_id":"call_2","name":"weather"}]}
        """)
                .get("o"));
    assertThat(out.path("usage").path("output_tokens_details").path("reasoning_tokens").asInt())
        .isEqualTo(25);
    Response sdk = SdkShapes.response(out.toString());
    assertThat(sdk.output().get(1).asFunctionCall().callId()).isEqualTo("call_1");
    assertThat(sdk.output().get(0).asReasoning().content().orElseThrow().get(0).text())
        .isEqualTo("Need the weather.");
  }

  @Test
  void lengthFinishIsIncomplete() {
    ObjectNode out =
        ResponsesWriter.fromCanonical(
            body(
                """
        {"id":"x","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Once up"},
          "finish_reason":"length"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}
        """),
            SHELL);

    assertThat(out.path("status").asText()).isEqualTo("incomplete");
    assertThat(out.path("incomplete_details").path("reason").asText())
        .isEqualTo("max_output_tokens");
    assertThat(out.path("output").path(0).path("status").asText()).isEqualTo("incomplete");
    assertThat(out.path("usage").path("total_tokens").asInt()).isEqualTo(5);
    SdkShapes.response(out.toString());
  }

  @Test
  void refusalIsARefusalPart() {
    ObjectNode out =
        ResponsesWriter.fromCanonical(
            body(
                """
        {"id":"x","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,
          "refusal":"I can't help with that."},"finish_reason":"stop"}]}
        """),
            SHELL);

    assertThat(out.path("output").path(0).path("content").path(0))
        .isEqualTo(body("{\"type\":\"refusal\",\"refusal\":\"I can't help with that.\"}"));
    SdkShapes.response(out.toString());
  }

  @Test
  void answerReadsBackToTheSameCanonicalFacts() {
    ObjectNode canonical =
        body(
            """
        {"id":"x","model":"m","choices":[{"index":0,"message":{"role":"assistant",
          "content":"Checking.","reasoning_content":"hmm",
          "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
          "finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13,
                  "prompt_tokens_details":{"cached_tokens":2},
                  "completion_tokens_details":{"reasoning_tokens":1}}}
        """);

    ObjectNode back = ResponsesAnswer.toCanonical(ResponsesWriter.fromCanonical(canonical, SHELL));

    assertThat(back.path("choices").path(0).path("message"))
        .isEqualTo(canonical.path("choices").path(0).path("message"));
    assertThat(back.path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(UsageReader.read(back.get("usage")))
        .isEqualTo(UsageReader.read(canonical.get("usage")));
  }
}
