package switchboard.wire.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static switchboard.wire.gemini.GeminiRequestsTest.json;
import static switchboard.wire.gemini.GeminiRequestsTest.reparse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import switchboard.model.Usage;
import switchboard.wire.openai.UsageReader;

class GeminiResponsesTest {

  @Test
  void documentedAnswerBecomesACanonicalCompletion() {
    ObjectNode gemini =
        json(
            """
        {'candidates':[{'content':{'role':'model','parts':[{'text':'Thinking…','thought':true},
          {'text':'It is '},{'text':'21°C.'}]},'finishReason':'STOP','index':0,
          'safetyRatings':[{'category':'HARM_CATEGORY_HARASSMENT','probability':'NEGLIGIBLE'}]}],
         'usageMetadata':{'promptTokenCount':120,'candidatesTokenCount':8,'thoughtsTokenCount':40,
           'cachedContentTokenCount':100,'totalTokenCount':168},
         'modelVersion':'gemini-2.5-flash','responseId':'mT2xaKq1'}
        """);

    ObjectNode canonical = GeminiResponses.toCanonical(gemini, "gemini-2.5-pro", 1767225600L);

    assertThat(reparse(canonical))
        .isEqualTo(
            json(
                """
        {'id':'mT2xaKq1','object':'chat.completion','created':1767225600,'model':'gemini-2.5-flash',
         'choices':[{'index':0,'message':{'role':'assistant','content':'It is 21°C.',
           'reasoning_content':'Thinking…','refusal':null},'logprobs':null,'finish_reason':'stop'}],
         'usage':{'prompt_tokens':120,'completion_tokens':48,'total_tokens':168,
           'prompt_tokens_details':{'cached_tokens':100,'cache_write_tokens':0},
           'completion_tokens_details':{'reasoning_tokens':40}}}
        """));
    assertThat(UsageReader.read(canonical.get("usage"))).isEqualTo(new Usage(120, 100, 0, 48, 40));
  }

  @Test
  void functionCallsBecomeToolCallsWithDeterministicIdsAndFinishToolCalls() {
    ObjectNode gemini =
        json(
            """
        {'candidates':[{'content':{'role':'model','parts':[
          {'functionCall':{'name':'get_weather','args':{'city':'Paris'}},'thoughtSignature':'c2ln'},
          {'functionCall':{'name':'get_time'}}]},'finishReason':'STOP'}],
         'responseId':'r-1.x'}
        """);

    ObjectNode canonical = GeminiResponses.toCanonical(gemini, "gemini-2.5-flash");

    assertThat(reparse(canonical.at("/choices/0")))
        .isEqualTo(
            json(
                """
        {'index':0,'message':{'role':'assistant','content':null,'tool_calls':[
          {'id':'call_r1x_0','type':'function','function':{'name':'get_weather','arguments':'{"city":"Paris"}'},
           'extra_content':{'google':{'thought_signature':'c2ln'}}},
          {'id':'call_r1x_1','type':'function','function':{'name':'get_time','arguments':'{}'}}],
          'refusal':null},'logprobs':null,'finish_reason':'tool_calls'}
        """
                    .replace("\"city\":\"Paris\"", "\\\"city\\\":\\\"Paris\\\"")));
    assertThat(canonical.get("model").asText()).isEqualTo("gemini-2.5-flash");
    assertThat(canonical.has("usage")).isFalse();
  }

  @Test
  void geminisOwnCallIdIsKept() {
    ObjectNode gemini =
        json(
            "{'candidates':[{'content':{'parts':[{'functionCall':{'id':'fc-9',"
                + "'name':'f','args':{}}}]},'finishReason':'STOP'}]}");
    assertThat(
            GeminiResponses.toCanonical(gemini, "m")
                .at("/choices/0/message/tool_calls/0/id")
                .asText())
        .isEqualTo("fc-9");
  }

  @Test
  void blockedPromptIsAContentFilteredAnswer() {
    ObjectNode gemini =
        json(
            """
        {'promptFeedback':{'blockReason':'SAFETY','safetyRatings':[{'category':'HARM_CATEGORY_HARASSMENT',
          'probability':'HIGH'}]},'usageMetadata':{'promptTokenCount':7,'totalTokenCount':7},'responseId':'b1'}
        """);
    ObjectNode canonical = GeminiResponses.toCanonical(gemini, "gemini-2.5-flash");
    assertThat(canonical.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
    assertThat(canonical.at("/choices/0/message/content").isNull()).isTrue();
    assertThat(canonical.at("/usage/prompt_tokens").asLong()).isEqualTo(7);
    assertThat(canonical.get("model").asText()).isEqualTo("gemini-2.5-flash");
  }

  @ParameterizedTest
  @CsvSource({
    "STOP, stop",
    "MAX_TOKENS, length",
    "SAFETY, content_filter",
    "RECITATION, content_filter",
    "BLOCKLIST, content_filter",
    "PROHIBITED_CONTENT, content_filter",
    "SPII, content_filter",
    "OTHER, stop",
    "MALFORMED_FUNCTION_CALL, stop"
  })
  void finishReasons(String gemini, String canonical) {
    ObjectNode answer =
        json(
            "{'candidates':[{'content':{'parts':[{'text':'x'}]},'finishReason':'"
                + gemini
                + "'}]}");
    assertThat(GeminiResponses.toCanonical(answer, "m").at("/choices/0/finish_reason").asText())
        .isEqualTo(canonical);
  }

  @Test
  void everyCandidateIsAChoiceAndToolUsePromptTokensCount() {
    ObjectNode answer =
        json(
            """
        {'candidates':[{'content':{'parts':[{'text':'a'}]},'finishReason':'STOP','index':0},
          {'content':{'parts':[{'text':'b'}]},'finishReason':'MAX_TOKENS','index':1}],
         'usageMetadata':{'promptTokenCount':10,'toolUsePromptTokenCount':5,'candidatesTokenCount':2}}
        """);
    ObjectNode canonical = GeminiResponses.toCanonical(answer, "m");
    assertThat(canonical.at("/choices/1/message/content").asText()).isEqualTo("b");
    assertThat(canonical.at("/choices/1/finish_reason").asText()).isEqualTo("length");
    assertThat(canonical.at("/usage/prompt_tokens").asLong()).isEqualTo(15);
    assertThat(canonical.at("/usage/total_tokens").asLong()).isEqualTo(17);
  }

  @Test
  void somethingElseIsNotAGeminiAnswer() {
    assertThatThrownBy(() -> GeminiResponses.toCanonical(json("{'choices':[]}"), "m"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
