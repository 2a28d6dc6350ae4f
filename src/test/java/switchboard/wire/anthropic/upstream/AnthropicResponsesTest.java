package switchboard.wire.anthropic.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static switchboard.wire.anthropic.upstream.UpstreamJson.norm;
import static switchboard.wire.anthropic.upstream.UpstreamJson.obj;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden Anthropic message → canonical chat.completion translations (wire-formats §4.2). */
class AnthropicResponsesTest {

  @Test
  void textAndToolUseWithCachedUsage() {
    // the §3.5 example
    String message =
        "{'id':'msg_01XyZ','type':'message','role':'assistant',"
            + "'model':'claude-sonnet-4-5-20250929','content':[{'type':'text','text':'Let me check.'},"
            + "{'type':'tool_use','id':'toolu_01A','name':'get_weather','input':{'city':'Paris'}}],"
            + "'stop_reason':'tool_use','stop_sequence':null,'usage':{'input_tokens':50,"
            + "'output_tokens':30,'cache_creation_input_tokens':0,'cache_read_input_tokens':2048,"
            + "'cache_creation':{'ephemeral_5m_input_tokens':0,'ephemeral_1h_input_tokens':0},"
            + "'service_tier':'standard'}}";
    assertThat(norm(AnthropicResponses.toCanonical(obj(message), 1767225600L)))
        .isEqualTo(
            obj(
                "{'id':'msg_01XyZ','object':'chat.completion','created':1767225600,"
                    + "'model':'claude-sonnet-4-5-20250929','choices':[{'index':0,'message':{"
                    + "'role':'assistant','content':'Let me check.','tool_calls':[{'id':'toolu_01A',"
                    + "'type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}}],"
                    + "'refusal':null},'logprobs':null,'finish_reason':'tool_calls'}],"
                    + "'usage':{'prompt_tokens':2098,'completion_tokens':30,'total_tokens':2128,"
                    + "'prompt_tokens_details':{'cached_tokens':2048,'cache_write_tokens':0}}}"));
  }

  @Test
  void thinkingBecomesReasoningContentAndToolOnlyContentIsNull() {
    String message =
        "{'id':'msg_2','type':'message','role':'assistant','model':'m','content':["
            + "{'type':'thinking','thinking':'Hmm, ','signature':'sig'},"
            + "{'type':'redacted_thinking','data':'xx'},{'type':'thinking','thinking':'weather.','signature':'s2'},"
            + "{'type':'tool_use','id':'toolu_1','name':'f','input':{}},"
            + "{'type':'tool_use','id':'toolu_2','name':'g','input':{'a':[1,2]}}],"
            + "'stop_reason':'tool_use','usage':{'input_tokens':10,'output_tokens':5,"
            + "'cache_creation_input_tokens':100}}";
    assertThat(norm(AnthropicResponses.toCanonical(obj(message)).get("choices").get(0)))
        .isEqualTo(
            obj(
                "{'index':0,'message':{'role':'assistant','content':null,"
                    + "'reasoning_content':'Hmm, weather.','tool_calls':[{'id':'toolu_1','type':'function',"
                    + "'function':{'name':'f','arguments':'{}'}},{'id':'toolu_2','type':'function',"
                    + "'function':{'name':'g','arguments':'{\\'a\\':[1,2]}'}}],'refusal':null},"
                    + "'logprobs':null,'finish_reason':'tool_calls'}"));
    assertThat(norm(AnthropicResponses.toCanonical(obj(message)).get("usage")))
        .isEqualTo(
            obj(
                "{'prompt_tokens':110,'completion_tokens':5,'total_tokens':115,"
                    + "'prompt_tokens_details':{'cached_tokens':0,'cache_write_tokens':100}}"));
  }

  @Test
  void theStructuredOutputToolIsTheAnswer() {
    String message =
        "{'id':'msg_3','type':'message','role':'assistant','model':'m','content':["
            + "{'type':'tool_use','id':'toolu_9','name':'switchboard_json_output','input':{'name':'Ada'}}],"
            + "'stop_reason':'tool_use','usage':{'input_tokens':1,'output_tokens':2}}";
    var choice = AnthropicResponses.toCanonical(obj(message)).get("choices").get(0);
    assertThat(choice.at("/message/content").asText()).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(choice.at("/message").has("tool_calls")).isFalse();
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void emptyContentIsAnEmptyString() {
    var out =
        AnthropicResponses.toCanonical(
            obj(
                "{'type':'message','id':'m','model':'x',"
                    + "'content':[],'stop_reason':'end_turn'}"));
    assertThat(out.at("/choices/0/message/content").asText()).isEmpty();
    assertThat(out.at("/usage/total_tokens").asLong()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "end_turn,stop",
    "stop_sequence,stop",
    "max_tokens,length",
    "tool_use,tool_calls",
    "refusal,content_filter",
    "pause_turn,stop",
    "model_context_window_exceeded,length",
    "some_future_reason,stop"
  })
  void stopReasons(String stop, String finish) {
    assertThat(AnthropicResponses.finishReason(stop)).isEqualTo(finish);
    var out =
        AnthropicResponses.toCanonical(
            obj(
                "{'type':'message','content':[{'type':'text',"
                    + "'text':'x'}],'stop_reason':'"
                    + stop
                    + "'}"));
    assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo(finish);
  }

  @Test
  void notAMessageIsRejected() {
    assertThatThrownBy(
            () ->
                AnthropicResponses.toCanonical(
                    obj("{'type':'error','error':" + "{'type':'api_error','message':'x'}}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                AnthropicResponses.toCanonical(
                    obj("{'id':'chatcmpl-1'," + "'object':'chat.completion','choices':[]}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AnthropicResponses.toCanonical(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void usageReadsThinkingTokensWhenReported() {
    assertThat(
            norm(
                AnthropicUsage.toCanonical(
                    obj(
                        "{'input_tokens':3,'output_tokens':9,"
                            + "'output_tokens_details':{'thinking_tokens':4}}"))))
        .isEqualTo(
            obj(
                "{'prompt_tokens':3,"
                    + "'completion_tokens':9,'total_tokens':12,'prompt_tokens_details':{'cached_tokens':0,"
                    + "'cache_write_tokens':0},'completion_tokens_details':{'reasoning_tokens':4}}"));
    assertThat(AnthropicUsage.toCanonical(null).get("total_tokens").asLong()).isZero();
  }

  @Test
  void combinedStreamUsagePrefersTheDeltasCumulativeCounts() {
    var merged =
        AnthropicUsage.combine(
            obj("{'input_tokens':50,'cache_read_input_tokens':2048,'output_tokens':1}"),
            obj("{'output_tokens':30,'input_tokens':null}"));
    assertThat(norm(AnthropicUsage.toCanonical(merged)))
        .isEqualTo(
            obj(
                "{'prompt_tokens':2098,"
                    + "'completion_tokens':30,'total_tokens':2128,'prompt_tokens_details':"
                    + "{'cached_tokens':2048,'cache_write_tokens':0}}"));
  }
}
