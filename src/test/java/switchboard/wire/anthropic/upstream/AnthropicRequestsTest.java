package switchboard.wire.anthropic.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static switchboard.wire.anthropic.upstream.UpstreamJson.norm;
import static switchboard.wire.anthropic.upstream.UpstreamJson.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.GatewayException;

/** Golden OpenAI Chat → Anthropic Messages request translations (wire-formats §4.1). */
class AnthropicRequestsTest {

  private static ObjectNode translate(String chat) {
    return AnthropicRequests.fromCanonical(obj(chat), "claude-sonnet-4-5", 8192, false);
  }

  private static void golden(String chat, String expected) {
    assertThat(norm(translate(chat))).isEqualTo(obj(expected));
  }

  private static void rejected(String chat, String param) {
    assertThatThrownBy(() -> translate(chat))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.param()).isEqualTo(param);
              assertThat(e.status()).isEqualTo(400);
            });
  }

  @Test
  void systemAndDeveloperMessagesBecomeTheSystemString() {
    golden(
        "{'model':'x','messages':[{'role':'system','content':'Be brief.'},"
            + "{'role':'developer','content':[{'type':'text','text':'Use French.'}]},"
            + "{'role':'user','content':'Hi'}]}",
        "{'model':'claude-sonnet-4-5','max_tokens':8192,'system':'Be brief.\\n\\nUse French.',"
            + "'messages':[{'role':'user','content':[{'type':'text','text':'Hi'}]}]}");
  }

  @Test
  void aSystemMessageMidConversationIsHoisted() {
    golden(
        "{'messages':[{'role':'user','content':'a'},{'role':'assistant','content':'b'},"
            + "{'role':'system','content':'late'},{'role':'user','content':'c'}]}",
        "{'model':'claude-sonnet-4-5','max_tokens':8192,'system':'late','messages':["
            + "{'role':'user','content':[{'type':'text','text':'a'}]},"
            + "{'role':'assistant','content':[{'type':'text','text':'b'}]},"
            + "{'role':'user','content':[{'type':'text','text':'c'}]}]}");
  }

  @Test
  void consecutiveSameRoleTurnsAreMerged() {
    golden(
        "{'messages':[{'role':'user','content':'a'},{'role':'user','content':"
            + "[{'type':'text','text':'b'}]},{'role':'assistant','content':'c'},"
            + "{'role':'assistant','content':''},{'role':'assistant','content':'d'}]}",
        "{'model':'claude-sonnet-4-5','max_tokens':8192,'messages':["
            + "{'role':'user','content':[{'type':'text','text':'a'},{'type':'text','text':'b'}]},"
            + "{'role':'assistant','content':[{'type':'text','text':'c'},{'type':'text','text':'d'}]}]}");
  }

  @Test
  void maxTokensPrefersMaxCompletionTokensThenMaxTokensThenTheDefault() {
    assertThat(
            translate(
                    "{'max_completion_tokens':100,'max_tokens':200,'messages':"
                        + "[{'role':'user','content':'a'}]}")
                .get("max_tokens")
                .asLong())
        .isEqualTo(100);
    assertThat(
            translate("{'max_tokens':200,'messages':[{'role':'user','content':'a'}]}")
                .get("max_tokens")
                .asLong())
        .isEqualTo(200);
    assertThat(
            AnthropicRequests.fromCanonical(
                    obj("{'messages':[{'role':'user','content':'a'}]}"), "m", 0, false)
                .get("max_tokens")
                .asLong())
        .isEqualTo(4096);
  }

  @Test
  void toolCallsAndToolResultsRoundTrip() {
    golden(
        "{'messages':[{'role':'user','content':'Weather in Paris and Rome?'},"
            + "{'role':'assistant','content':'Let me check.','tool_calls':["
            + "{'id':'call_1','type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}},"
            + "{'id':'call_2','type':'function','function':{'name':'get_weather','arguments':''}}]},"
            + "{'role':'tool','tool_call_id':'call_1','content':'21°C'},"
            + "{'role':'tool','tool_call_id':'call_2','content':[{'type':'text','text':'18'},{'type':'text','text':'°C'}]},"
            + "{'role':'user','content':'Thanks'}]}",
        "{'model':'claude-sonnet-4-5','max_tokens':8192,'messages':["
            + "{'role':'user','content':[{'type':'text','text':'Weather in Paris and Rome?'}]},"
            + "{'role':'assistant','content':[{'type':'text','text':'Let me check.'},"
            + "{'type':'tool_use','id':'call_1','name':'get_weather','input':{'city':'Paris'}},"
            + "{'type':'tool_use','id':'call_2','name':'get_weather','input':{}}]},"
            + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'call_1','content':'21°C'},"
            + "{'type':'tool_result','tool_use_id':'call_2','content':'18°C'},"
            + "{'type':'text','text':'Thanks'}]}]}");
  }

  @Test
  void toolResultsOpenTheUserTurnEvenAfterUserText() {
    ObjectNode out =
        translate(
            "{'messages':[{'role':'assistant','content':null,'tool_calls':["
                + "{'id':'t1','type':'function','function':{'name':'f','arguments':'{}'}}]},"
                + "{'role':'user','content':'note'},{'role':'tool','tool_call_id':'t1','content':'ok'}]}");
    assertThat(out.at("/messages/1/content/0/type").asText()).isEqualTo("tool_result");
    assertThat(out.at("/messages/1/content/1/text").asText()).isEqualTo("note");
  }

  @Test
  void badToolArgumentsAreA400NamingThem() {
    rejected(
        "{'messages':[{'role':'assistant','tool_calls':[{'id':'a','type':'function',"
            + "'function':{'name':'f','arguments':'{not json'}}]}]}",
        "messages[0].tool_calls[0].function.arguments");
    rejected(
        "{'messages':[{'role':'assistant','tool_calls':[{'id':'a','type':'function',"
            + "'function':{'name':'f','arguments':'[1]'}}]}]}",
        "messages[0].tool_calls[0].function.arguments");
    rejected("{'messages':[{'role':'tool','content':'x'}]}", "messages[0].tool_call_id");
  }

  @Test
  void toolsAndToolChoice() {
    String tools =
        "'tools':[{'type':'function','function':{'name':'get_weather',"
            + "'description':'Weather','parameters':{'type':'object','properties':{'city':{'type':'string'}}},"
            + "'strict':true}},{'type':'function','function':{'name':'now'}}],"
            + "'messages':[{'role':'user','content':'a'}]";
    ObjectNode out = translate("{" + tools + "}");
    assertThat(norm(out.get("tools")))
        .isEqualTo(
            obj("{'t':[{'name':'get_weather',"
                    + "'description':'Weather','input_schema':{'type':'object','properties':{'city':"
                    + "{'type':'string'}}}},{'name':'now','input_schema':{'type':'object','properties':{}}}]}")
                .get("t"));
    assertThat(out.has("tool_choice")).isFalse();
    assertThat(norm(translate("{'tool_choice':'auto'," + tools + "}").get("tool_choice")))
        .isEqualTo(obj("{'type':'auto'}"));
    assertThat(norm(translate("{'tool_choice':'required'," + tools + "}").get("tool_choice")))
        .isEqualTo(obj("{'type':'any'}"));
    assertThat(norm(translate("{'tool_choice':'none'," + tools + "}").get("tool_choice")))
        .isEqualTo(obj("{'type':'none'}"));
    assertThat(
            norm(
                translate(
                        "{'tool_choice':{'type':'function','function':{'name':'now'}},"
                            + tools
                            + "}")
                    .get("tool_choice")))
        .isEqualTo(obj("{'type':'tool','name':'now'}"));
    assertThat(norm(translate("{'parallel_tool_calls':false," + tools + "}").get("tool_choice")))
        .isEqualTo(obj("{'type':'auto','disable_parallel_tool_use':true}"));
    assertThat(
            norm(
                translate("{'parallel_tool_calls':false,'tool_choice':'required'," + tools + "}")
                    .get("tool_choice")))
        .isEqualTo(obj("{'type':'any','disable_parallel_tool_use':true}"));
    rejected("{'tool_choice':'sometimes'," + tools + "}", "tool_choice");
    rejected(
        "{'tools':[{'type':'custom','custom':{'name':'x'}}],'messages':[{'role':'user',"
            + "'content':'a'}]}",
        "tools[0].type");
    rejected(
        "{'tools':[{'type':'function','function':{'name':'x','parameters':{'type':'array'}}}],"
            + "'messages':[{'role':'user','content':'a'}]}",
        "tools[0].function.parameters");
  }

  @Test
  void imagesBecomeBase64OrUrlSources() {
    golden(
        "{'messages':[{'role':'user','content':[{'type':'text','text':'What is this?'},"
            + "{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0KGgo=','detail':'high'}},"
            + "{'type':'image_url','image_url':{'url':'data:image/jpg;base64,/9j/4AAQ'}},"
            + "{'type':'image_url','image_url':{'url':'https://example.com/cat.png'}}]}]}",
        "{'model':'claude-sonnet-4-5','max_tokens':8192,'messages':[{'role':'user','content':["
            + "{'type':'text','text':'What is this?'},"
            + "{'type':'image','source':{'type':'base64','media_type':'image/png','data':'iVBORw0KGgo='}},"
            + "{'type':'image','source':{'type':'base64','media_type':'image/jpeg','data':'/9j/4AAQ'}},"
            + "{'type':'image','source':{'type':'url','url':'https://example.com/cat.png'}}]}]}");
  }

  @Test
  void unsupportedMediaIsA400NamingThePart() {
    rejected(
        "{'messages':[{'role':'system','content':'s'},{'role':'user','content':'a'},"
            + "{'role':'user','content':[{'type':'text','text':'b'},{'type':'image_url','image_url':"
            + "{'url':'data:image/bmp;base64,Qk0='}}]}]}",
        "messages[2].content[1].image_url");
    rejected(
        "{'messages':[{'role':'user','content':[{'type':'image_url','image_url':"
            + "{'url':'ftp://example.com/a.png'}}]}]}",
        "messages[0].content[0].image_url");
    rejected(
        "{'messages':[{'role':'user','content':[{'type':'input_audio','input_audio':"
            + "{'data':'AAAA','format':'wav'}}]}]}",
        "messages[0].content[0].input_audio");
    rejected(
        "{'messages':[{'role':'user','content':[{'type':'file','file':{'file_id':'file-1'}}]}]}",
        "messages[0].content[0].file.file_id");
    rejected(
        "{'messages':[{'role':'user','content':[{'type':'file','file':{'file_data':"
            + "'data:application/zip;base64,UEs='}}]}]}",
        "messages[0].content[0].file.file_data");
    rejected("{'messages':[{'role':'user','content':''}]}", "messages[0].content");
    rejected("{'messages':[{'role':'function','name':'f','content':'x'}]}", "messages[0].role");
  }

  @Test
  void pdfAndTextFilesBecomeDocuments() {
    golden(
        "{'messages':[{'role':'user','content':[{'type':'file','file':{'filename':'q3.pdf',"
            + "'file_data':'data:application/pdf;base64,JVBERi0='}},{'type':'file','file':"
            + "{'file_data':'data:text/plain;base64,aMOpbGxv'}}]}]}",
        "{'model':'claude-sonnet-4-5','max_tokens':8192,'messages':[{'role':'user','content':["
            + "{'type':'document','source':{'type':'base64','media_type':'application/pdf',"
            + "'data':'JVBERi0='},'title':'q3.pdf'},"
            + "{'type':'document','source':{'type':'text','media_type':'text/plain','data':'héllo'}}]}]}");
  }

  @Test
  void cacheControlIsKeptOnSystemPartsToolsAndMessages() {
    ObjectNode out =
        translate(
            "{'messages':[{'role':'system','content':[{'type':'text',"
                + "'text':'long rules','cache_control':{'type':'ephemeral'}}]},{'role':'user','content':"
                + "[{'type':'text','text':'a','cache_control':{'type':'ephemeral','ttl':'1h'}}]},"
                + "{'role':'assistant','content':'b','cache_control':{'type':'ephemeral'}}],"
                + "'tools':[{'type':'function','function':{'name':'f'},'cache_control':{'type':'ephemeral'}}]}");
    assertThat(norm(out.get("system")))
        .isEqualTo(
            obj("{'s':[{'type':'text','text':'long rules',"
                    + "'cache_control':{'type':'ephemeral'}}]}")
                .get("s"));
    assertThat(out.at("/messages/0/content/0/cache_control/ttl").asText()).isEqualTo("1h");
    assertThat(out.at("/messages/1/content/0/cache_control/type").asText()).isEqualTo("ephemeral");
    assertThat(out.at("/tools/0/cache_control/type").asText()).isEqualTo("ephemeral");
  }

  @Test
  void samplingStopUserAndStream() {
    ObjectNode out =
        AnthropicRequests.fromCanonical(
            obj(
                "{'messages':[{'role':'user','content':'a'}],"
                    + "'temperature':0.5,'top_p':0.9,'top_k':40,'stop':['END',' ','\\n\\n'],'user':'u-42',"
                    + "'seed':7,'frequency_penalty':0.1,'presence_penalty':0.2,'stream_options':"
                    + "{'include_usage':true},'store':true,'metadata':{'a':'b'},'n':1}"),
            "m",
            10,
            true);
    assertThat(norm(out))
        .isEqualTo(
            obj(
                "{'model':'m','max_tokens':10,'messages':[{'role':'user',"
                    + "'content':[{'type':'text','text':'a'}]}],'stop_sequences':['END'],'temperature':0.5,"
                    + "'top_p':0.9,'top_k':40,'metadata':{'user_id':'u-42'},'stream':true}"));
    assertThat(
            translate("{'stop':'STOP','messages':[{'role':'user','content':'a'}]}")
                .get("stop_sequences")
                .get(0)
                .asText())
        .isEqualTo("STOP");
    assertThat(
            translate("{'safety_identifier':'s-1','messages':[{'role':'user','content':'a'}]}")
                .at("/metadata/user_id")
                .asText())
        .isEqualTo("s-1");
  }

  @Test
  void unsupportedFieldsAreA400NamingThem() {
    String m = "'messages':[{'role':'user','content':'a'}]";
    rejected("{'temperature':1.5," + m + "}", "temperature");
    rejected("{'temperature':-0.1," + m + "}", "temperature");
    rejected("{'n':2," + m + "}", "n");
    rejected("{'logprobs':true," + m + "}", "logprobs");
    rejected("{'top_logprobs':3," + m + "}", "top_logprobs");
    rejected("{'logit_bias':{'50256':-100}," + m + "}", "logit_bias");
    rejected("{'modalities':['text','audio']," + m + "}", "modalities");
    rejected("{'top_k':1.5," + m + "}", "top_k");
    rejected("{'response_format':{'type':'yaml'}," + m + "}", "response_format.type");
    rejected("{'functions':[{'name':'f'}]," + m + "}", "functions");
  }

  @Test
  void jsonSchemaWithoutToolsIsAForcedTool() {
    ObjectNode out =
        translate(
            "{'messages':[{'role':'user','content':'Extract'}],"
                + "'response_format':{'type':'json_schema','json_schema':{'name':'person','strict':true,"
                + "'schema':{'type':'object','properties':{'name':{'type':'string'}},'required':['name']}}}}");
    assertThat(norm(out.get("tools")))
        .isEqualTo(
            obj("{'t':[{'name':'switchboard_json_output',"
                    + "'description':'Give your final answer by calling this tool; its input is the answer, as JSON.',"
                    + "'input_schema':{'type':'object','properties':{'name':{'type':'string'}},'required':['name']}}]}")
                .get("t"));
    assertThat(norm(out.get("tool_choice")))
        .isEqualTo(obj("{'type':'tool','name':'switchboard_json_output'}"));
    assertThat(out.has("system")).isFalse();
  }

  @Test
  void jsonSchemaWithClientToolsIsAnInstruction() {
    ObjectNode out =
        translate(
            "{'messages':[{'role':'system','content':'S'},{'role':'user',"
                + "'content':'x'}],'tools':[{'type':'function','function':{'name':'f'}}],"
                + "'response_format':{'type':'json_schema','json_schema':{'name':'n','schema':{'type':'object'}}}}");
    assertThat(out.at("/tools/0/name").asText()).isEqualTo("f");
    assertThat(out.at("/tools/1/name").asText()).isEqualTo(AnthropicRequests.JSON_TOOL);
    assertThat(out.has("tool_choice")).isFalse();
    assertThat(out.get("system").asText())
        .isEqualTo("S\n\n" + AnthropicRequests.JSON_TOOL_INSTRUCTION);
  }

  @Test
  void jsonObjectIsASystemInstruction() {
    ObjectNode out =
        translate(
            "{'messages':[{'role':'user','content':'x'}],"
                + "'response_format':{'type':'json_object'}}");
    assertThat(out.get("system").asText()).isEqualTo(AnthropicRequests.JSON_OBJECT_INSTRUCTION);
    assertThat(out.has("tools")).isFalse();
  }

  @Test
  void reasoningEffortBecomesAThinkingBudget() {
    String m = "'messages':[{'role':'user','content':'a'}]";
    assertThat(norm(translate("{'reasoning_effort':'medium'," + m + "}").get("thinking")))
        .isEqualTo(obj("{'type':'enabled','budget_tokens':8191}")); // below max_tokens 8192
    assertThat(
            norm(
                translate("{'reasoning_effort':'low','max_tokens':3000," + m + "}")
                    .get("thinking")))
        .isEqualTo(obj("{'type':'enabled','budget_tokens':2048}"));
    assertThat(
            norm(
                translate("{'reasoning_effort':'high','max_tokens':3000," + m + "}")
                    .get("thinking")))
        .isEqualTo(obj("{'type':'enabled','budget_tokens':2999}"));
    assertThat(translate("{'reasoning_effort':'none'," + m + "}").has("thinking")).isFalse();
    assertThat(
            translate("{'reasoning_effort':'low','temperature':1," + m + "}")
                .get("temperature")
                .asDouble())
        .isEqualTo(1.0);
    rejected("{'reasoning_effort':'low','max_tokens':1000," + m + "}", "reasoning_effort");
    rejected("{'reasoning_effort':'extreme'," + m + "}", "reasoning_effort");
    rejected("{'reasoning_effort':'low','temperature':0.7," + m + "}", "temperature");
    rejected("{'reasoning_effort':'low','top_k':5," + m + "}", "top_k");
    rejected(
        "{'reasoning_effort':'low','tool_choice':'required','tools':[{'type':'function',"
            + "'function':{'name':'f'}}],"
            + m
            + "}",
        "tool_choice");
  }

  @Test
  void jsonSchemaWithReasoningIsAnInstructionNotAForcedTool() {
    ObjectNode out =
        translate(
            "{'messages':[{'role':'user','content':'x'}],'reasoning_effort':'low',"
                + "'response_format':{'type':'json_schema','json_schema':{'name':'n','schema':{'type':'object'}}}}");
    assertThat(out.has("tool_choice")).isFalse();
    assertThat(out.get("system").asText()).isEqualTo(AnthropicRequests.JSON_TOOL_INSTRUCTION);
  }

  @Test
  void theCanonicalRequestIsNotChanged() {
    ObjectNode chat =
        obj(
            "{'messages':[{'role':'system','content':'s'},{'role':'user','content':"
                + "'a'}],'tools':[{'type':'function','function':{'name':'f','parameters':{'properties':{}}}}]}");
    ObjectNode copy = chat.deepCopy();
    AnthropicRequests.fromCanonical(chat, "m", 100, true);
    assertThat(chat).isEqualTo(copy);
  }
}
