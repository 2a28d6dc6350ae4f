package switchboard.wire.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

class GeminiRequestsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The same tree as parsed from text, so numbers compare by value and not by Java type. */
  static JsonNode reparse(JsonNode node) {
    try {
      return JSON.readTree(node.toString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void conversationWithImageAndToolRoundTripIsTheDocumentedShape() {
    ObjectNode chat =
        json(
            """
        {'model':'gemini-2.5-flash','messages':[
          {'role':'system','content':'You are terse.'},
          {'role':'user','content':[{'type':'text','text':'Weather in Paris?'},
            {'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0'}}]},
          {'role':'assistant','content':null,'tool_calls':[{'id':'call_7Yx2','type':'function',
            'function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}}]},
          {'role':'tool','tool_call_id':'call_7Yx2','content':'{\\'temp_c\\': 21}'}],
         'tools':[{'type':'function','function':{'name':'get_weather','description':'Weather now',
           'parameters':{'$schema':'http://json-schema.org/draft-07/schema#','type':'object',
             'additionalProperties':false,'properties':{'city':{'type':'string'}},'required':['city']},
           'strict':true}}],
         'tool_choice':'auto','temperature':0.7,'top_p':0.95,'max_tokens':1024,'stop':'END','n':1}
        """);

    ObjectNode sent = GeminiRequests.fromCanonical(chat);

    assertThat(sent)
        .isEqualTo(
            json(
                """
        {'systemInstruction':{'parts':[{'text':'You are terse.'}]},
         'contents':[
          {'role':'user','parts':[{'text':'Weather in Paris?'},
                                 {'inlineData':{'mimeType':'image/png','data':'iVBORw0'}}]},
          {'role':'model','parts':[{'functionCall':{'name':'get_weather','args':{'city':'Paris'}}}]},
          {'role':'user','parts':[{'functionResponse':{'name':'get_weather','response':{'temp_c':21}}}]}],
         'tools':[{'functionDeclarations':[{'name':'get_weather','description':'Weather now',
           'parameters':{'type':'object','properties':{'city':{'type':'string'}},'required':['city']}}]}],
         'toolConfig':{'functionCallingConfig':{'mode':'AUTO'}},
         'generationConfig':{'temperature':0.7,'topP':0.95,'maxOutputTokens':1024,'candidateCount':1,
           'stopSequences':['END']}}
        """));
    assertThat(sent.has("model")).isFalse();
  }

  /** Issue 17, bug 1: "21 C" reached Gemini as {"result": 21}, cut after the number. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "21 C|false",
        "21|false",
        "[1, 2] and more|false",
        "{'a': 1} trailing|false",
        "{'a': 1}|true"
      })
  void aToolResultArrivesWholeAsAnObjectOrAsText(String content, boolean object) {
    ObjectNode chat =
        json(
            """
        {'messages':[{'role':'user','content':'a'},
          {'role':'assistant','content':null,'tool_calls':[
            {'id':'c1','type':'function','function':{'name':'f','arguments':'{}'}}]},
          {'role':'tool','tool_call_id':'c1','content':'CONTENT'}]}
        """);
    String text = content.replace('\'', '"');
    ((ObjectNode) chat.withArray("messages").get(2)).put("content", text);

    JsonNode sent =
        GeminiRequests.fromCanonical(chat).at("/contents/2/parts/0/functionResponse/response");

    ObjectNode expected = JSON.createObjectNode();
    if (object) {
      expected.put("a", 1);
    } else {
      expected.put("result", text);
    }
    assertThat(sent).isEqualTo(expected);
  }

  @Test
  void parallelToolResultsAndTheNextUserMessageShareOneUserTurn() {
    ObjectNode chat =
        json(
            """
        {'messages':[{'role':'user','content':'a'},
          {'role':'assistant','content':'Let me look.','tool_calls':[
            {'id':'c1','type':'function','function':{'name':'f','arguments':''}},
            {'id':'c2','type':'function','function':{'name':'g','arguments':'{}'},
             'extra_content':{'google':{'thought_signature':'c2lnbg=='}}}]},
          {'role':'tool','tool_call_id':'c1','content':'plain text'},
          {'role':'tool','tool_call_id':'c2','content':[{'type':'text','text':'[1,2]'}]},
          {'role':'user','content':'and?'}]}
        """);

    JsonNode contents = GeminiRequests.fromCanonical(chat).get("contents");

    assertThat(contents)
        .isEqualTo(
            json("""
        {'c':[{'role':'user','parts':[{'text':'a'}]},
         {'role':'model','parts':[{'text':'Let me look.'},{'functionCall':{'name':'f','args':{}}},
           {'functionCall':{'name':'g','args':{}},'thoughtSignature':'c2lnbg=='}]},
         {'role':'user','parts':[{'functionResponse':{'name':'f','response':{'result':'plain text'}}},
           {'functionResponse':{'name':'g','response':{'result':'[1,2]'}}},{'text':'and?'}]}]}
        """)
                .get("c"));
  }

  @Test
  void schemasAreCleanedToGeminisSubset() {
    ObjectNode chat =
        json(
            """
        {'messages':[{'role':'user','content':'x'}],
         'response_format':{'type':'json_schema','json_schema':{'name':'out','strict':true,'schema':{
           '$schema':'https://json-schema.org/draft/2020-12/schema','type':'object',
           'additionalProperties':false,
           'properties':{'tag':{'const':'a'},'note':{'type':['string','null'],'examples':['x']},
             'item':{'$ref':'#/$defs/Item'},'list':{'type':'array','items':{'$ref':'#/$defs/Item'},
             'uniqueItems':true},'either':{'anyOf':[{'type':'integer','exclusiveMinimum':0},{'type':'null'}]}},
           'required':['tag'],
           '$defs':{'Item':{'type':'object','additionalProperties':false,'properties':{'n':{'type':'integer'}}}}}}}}
        """);

    JsonNode g = GeminiRequests.fromCanonical(chat).get("generationConfig");

    assertThat(g.get("responseMimeType").asText()).isEqualTo("application/json");
    assertThat(g.get("responseSchema"))
        .isEqualTo(
            json(
                """
        {'type':'object','properties':{'tag':{'enum':['a']},'note':{'type':'string','nullable':true},
          'item':{'type':'object','properties':{'n':{'type':'integer'}}},
          'list':{'type':'array','items':{'type':'object','properties':{'n':{'type':'integer'}}}},
          'either':{'nullable':true,'type':'integer'}},'required':['tag']}
        """));
  }

  @Test
  void recursiveSchemasAreRefusedNamingTheField() {
    ObjectNode chat =
        json(
            """
        {'messages':[{'role':'user','content':'x'}],'tools':[{'type':'function','function':{'name':'t',
          'parameters':{'$ref':'#/$defs/N','$defs':{'N':{'type':'object','properties':{'next':{'$ref':'#/$defs/N'}}}}}}}]}
        """);
    assertThatThrownBy(() -> GeminiRequests.fromCanonical(chat))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.param()).isEqualTo("tools[0].function.parameters"));
  }

  @Test
  void aToolWithoutArgumentsHasNoParameters() {
    ObjectNode chat =
        json(
            """
        {'messages':[{'role':'user','content':'x'}],'tools':[{'type':'function','function':{'name':'now',
          'parameters':{'type':'object','properties':{}}}}],'tool_choice':{'type':'function','function':{'name':'now'}}}
        """);
    ObjectNode sent = GeminiRequests.fromCanonical(chat);
    assertThat(sent.get("tools"))
        .isEqualTo(json("{'t':[{'functionDeclarations':[{'name':'now'}]}]}").get("t"));
    assertThat(sent.get("toolConfig"))
        .isEqualTo(json("{'functionCallingConfig':{'mode':'ANY','allowedFunctionNames':['now']}}"));
  }

  @ParameterizedTest
  @CsvSource({"none, NONE", "required, ANY", "auto, AUTO"})
  void toolChoiceModes(String choice, String mode) {
    ObjectNode chat =
        json(
            "{'messages':[{'role':'user','content':'x'}],'tools':[{'type':'function',"
                + "'function':{'name':'f'}}],'tool_choice':'"
                + choice
                + "'}");
    assertThat(
            GeminiRequests.fromCanonical(chat)
                .at("/toolConfig/functionCallingConfig/mode")
                .asText())
        .isEqualTo(mode);
  }

  @Test
  void generationSettingsAndReasoningEffort() {
    ObjectNode chat =
        json(
            """
        {'messages':[{'role':'developer','content':[{'type':'text','text':'sys'}]},{'role':'user','content':'x'}],
         'top_k':40,'max_completion_tokens':500,'max_tokens':9,'seed':7,'presence_penalty':0.5,
         'frequency_penalty':-1,'stop':['a','b'],'response_format':{'type':'json_object'},
         'reasoning_effort':'low','user':'u1','metadata':{'k':'v'},'parallel_tool_calls':false}
        """);
    ObjectNode sent = GeminiRequests.fromCanonical(chat);
    assertThat(sent.get("generationConfig"))
        .isEqualTo(
            json(
                """
        {'topK':40,'maxOutputTokens':500,'seed':7,'presencePenalty':0.5,'frequencyPenalty':-1,
         'stopSequences':['a','b'],'responseMimeType':'application/json',
         'thinkingConfig':{'thinkingBudget':1024}}
        """));
    assertThat(sent.get("systemInstruction")).isEqualTo(json("{'parts':[{'text':'sys'}]}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'temperature':2.5 | temperature",
        "'top_p':-0.1 | top_p",
        "'top_k':0 | top_k",
        "'max_tokens':0 | max_tokens",
        "'n':9 | n",
        "'presence_penalty':2 | presence_penalty",
        "'frequency_penalty':-3 | frequency_penalty",
        "'stop':['1','2','3','4','5','6'] | stop",
        "'reasoning_effort':'huge' | reasoning_effort",
        "'logprobs':true | logprobs",
        "'logit_bias':{'1':2} | logit_bias",
        "'response_format':{'type':'xml'} | response_format.type",
        "'tool_choice':'required' | tool_choice",
        "'temperature':'hot' | temperature",
      })
  void outOfRangeOrUnsupportedParametersAreRefusedNamingTheField(String field, String param) {
    ObjectNode chat = json("{'messages':[{'role':'user','content':'x'}]," + field + "}");
    assertThatThrownBy(() -> GeminiRequests.fromCanonical(chat))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.param()).isEqualTo(param);
            });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'role':'user','content':[{'type':'image_url','image_url':{'url':'https://example.com/cat.png'}}]} | messages[0].content[0].image_url.url",
        "{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png,abc'}}]} | messages[0].content[0].image_url.url",
        "{'role':'user','content':[{'type':'file','file':{'file_id':'file-1'}}]} | messages[0].content[0].file.file_data",
        "{'role':'user','content':[{'type':'input_audio','input_audio':{'data':'AA','format':'ogg'}}]} | messages[0].content[0].input_audio.format",
        "{'role':'tool','tool_call_id':'nope','content':'x'} | messages[0].tool_call_id",
        "{'role':'function','content':'x'} | messages[0].role",
        "{'role':'assistant','tool_calls':[{'id':'a','function':{'name':'f','arguments':'[1]'}}]} | messages[0].tool_calls[0].function.arguments",
        "{'role':'system','content':'only a system prompt'} | messages",
      })
  void messagesGeminiCannotTakeAreRefusedNamingTheField(String message, String param) {
    ObjectNode chat = json("{'messages':[" + message + "]}");
    assertThatThrownBy(() -> GeminiRequests.fromCanonical(chat))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.param()).isEqualTo(param));
  }

  @Test
  void fileApiUrisAndInlineFilesAndAudio() {
    ObjectNode chat =
        json(
            """
        {'messages':[{'role':'user','content':[
          {'type':'image_url','image_url':{'url':'https://generativelanguage.googleapis.com/v1beta/files/abc.png'}},
          {'type':'file','file':{'filename':'a.pdf','file_data':'data:application/pdf;base64,JVBERi0'}},
          {'type':'input_audio','input_audio':{'data':'UklGR','format':'wav'}},
          {'type':'text','text':''}]}]}
        """);
    assertThat(GeminiRequests.fromCanonical(chat).at("/contents/0/parts"))
        .isEqualTo(
            json("""
        {'p':[{'fileData':{'mimeType':'image/png','fileUri':'https://generativelanguage.googleapis.com/v1beta/files/abc.png'}},
          {'inlineData':{'mimeType':'application/pdf','data':'JVBERi0'}},
          {'inlineData':{'mimeType':'audio/wav','data':'UklGR'}}]}
        """)
                .get("p"));
  }
}
