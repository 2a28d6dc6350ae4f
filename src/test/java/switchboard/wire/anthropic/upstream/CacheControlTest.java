package switchboard.wire.anthropic.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where auto_cache puts Anthropic breakpoints (wire-formats §3.4). */
class CacheControlTest {

  /** About 2,500 estimated tokens: above 1,024 and 2,048, below 4,096. */
  private static final String LONG = "The reference manual says many things. ".repeat(250);

  private static ObjectNode body(String json) {
    return UpstreamJson.obj(json);
  }

  private static ObjectNode withSystem(String system, String... turns) {
    ObjectNode b = UpstreamJson.MAPPER.createObjectNode();
    b.put("model", "claude-sonnet-4-5").put("max_tokens", 100);
    if (system != null) {
      b.put("system", system);
    }
    ArrayNode messages = b.putArray("messages");
    for (int i = 0; i < turns.length; i++) {
      messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", turns[i]);
    }
    return b;
  }

  /** Paths of every block carrying cache_control, in prefix order. */
  private static List<String> breakpoints(JsonNode b) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < b.path("tools").size(); i++) {
      if (b.get("tools").get(i).has("cache_control")) {
        out.add("tools." + i);
      }
    }
    for (int i = 0; i < b.path("system").size(); i++) {
      if (b.get("system").get(i).has("cache_control")) {
        out.add("system." + i);
      }
    }
    for (int m = 0; m < b.path("messages").size(); m++) {
      JsonNode content = b.get("messages").get(m).path("content");
      for (int i = 0; i < content.size(); i++) {
        if (content.get(i).has("cache_control")) {
          out.add("messages." + m + "." + i);
        }
      }
    }
    return out;
  }

  @Test
  void aShortPromptGetsNoBreakpointAndStaysAsItWas() {
    ObjectNode b = withSystem("Be brief.", "Hi");
    ObjectNode before = b.deepCopy();
    assertThat(CacheControl.mark(b, "claude-sonnet-4-5")).isZero();
    assertThat(b).isEqualTo(before);
  }

  @Test
  void aLongSystemPromptIsCachedAtItsEndAndAtTheLatestTurn() {
    ObjectNode b = withSystem(LONG, "What does chapter 2 say?");
    assertThat(CacheControl.mark(b, "claude-sonnet-4-5")).isEqualTo(2);
    assertThat(breakpoints(b)).containsExactly("system.0", "messages.0.0");
    assertThat(b.get("system").get(0).path("text").asText()).isEqualTo(LONG);
    assertThat(b.get("system").get(0).get("cache_control"))
        .isEqualTo(UpstreamJson.obj("{'type':'ephemeral'}"));
    assertThat(b.get("messages").get(0).get("content").get(0).path("text").asText())
        .isEqualTo("What does chapter 2 say?");
  }

  @Test
  void theModelsMinimumDecides() {
    // 2,500 tokens: enough for Sonnet (1,024) and Haiku 3.5 (2,048), not for Haiku 4.5 (4,096).
    assertThat(CacheControl.mark(withSystem(LONG, "Hi"), "claude-3-5-haiku-20241022")).isEqualTo(2);
    assertThat(CacheControl.mark(withSystem(LONG, "Hi"), "claude-haiku-4-5")).isZero();
    ObjectNode longer = withSystem(LONG + LONG, "Hi");
    assertThat(CacheControl.mark(longer, "claude-haiku-4-5")).isEqualTo(2);
  }

  @Test
  void aLongConversationIsCachedAtTheLatestAndThePreviousUserTurn() {
    ObjectNode b = withSystem("Be brief.", LONG, "Noted.", "And chapter 3?", "It says.", "Thanks");
    assertThat(CacheControl.mark(b, "claude-sonnet-4-5")).isEqualTo(2);
    // the system prompt alone is too short to cache; turn 2 is the previous user turn
    assertThat(breakpoints(b)).containsExactly("messages.2.0", "messages.4.0");
  }

  @Test
  void toolsSystemAndTurnsTakeAllFourInOrderOfValue() {
    ObjectNode b = withSystem(LONG, LONG, "Noted.", "More?");
    ArrayNode tools = b.putArray("tools");
    tools.addObject().put("name", "search").putObject("input_schema").put("type", "object");
    tools.addObject().put("name", "fetch").putObject("input_schema").put("type", "object");
    assertThat(CacheControl.mark(b, "claude-sonnet-4-5")).isEqualTo(3);
    // tools alone are far below the minimum: no breakpoint there
    assertThat(breakpoints(b)).containsExactly("system.0", "messages.0.0", "messages.2.0");

    ObjectNode big = withSystem(LONG, LONG, "Noted.", "More?");
    big.putArray("tools")
        .addObject()
        .put("name", "search")
        .put("description", LONG)
        .putObject("input_schema")
        .put("type", "object");
    assertThat(CacheControl.mark(big, "claude-sonnet-4-5")).isEqualTo(4);
    assertThat(breakpoints(big))
        .containsExactly("tools.0", "system.0", "messages.0.0", "messages.2.0");
  }

  @Test
  void theClientsBreakpointsCountAndStay() {
    ObjectNode b =
        body(
            "{'model':'m','max_tokens':9,'system':[{'type':'text','text':'"
                + LONG
                + "','cache_control':{'type':'ephemeral'}}],'messages':["
                + "{'role':'user','content':[{'type':'text','text':'"
                + LONG
                + "','cache_control':{'type':'ephemeral'}}]},"
                + "{'role':'assistant','content':'ok'},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1',"
                + "'content':[{'type':'text','text':'x','cache_control':{'type':'ephemeral'}}]},"
                + "{'type':'text','text':'next'}]}]}");
    // three of the client's (one inside a tool result): one left, for the latest turn
    assertThat(CacheControl.mark(b, "claude-sonnet-4-5")).isEqualTo(1);
    assertThat(breakpoints(b)).containsExactly("system.0", "messages.0.0", "messages.2.1");

    // four already: nothing added, so never the "maximum of 4 blocks" 400
    ObjectNode full = b.deepCopy();
    ObjectNode fullBefore = full.deepCopy();
    assertThat(CacheControl.mark(full, "claude-sonnet-4-5")).isZero();
    assertThat(full).isEqualTo(fullBefore);
  }

  @Test
  void aToolsSchemaPropertyNamedCacheControlIsNoBreakpoint() {
    ObjectNode b = withSystem(LONG, "Hi");
    b.putArray("tools")
        .add(
            UpstreamJson.obj(
                "{'name':'t','input_schema':{'type':'object','properties':"
                    + "{'cache_control':{'type':'object'}}}}"));
    assertThat(CacheControl.mark(b, "claude-sonnet-4-5")).isEqualTo(2);
  }

  @Test
  void automaticCachingCoversTheLatestTurn() {
    ObjectNode b = withSystem(LONG, "Hi");
    b.putObject("cache_control").put("type", "ephemeral");
    assertThat(CacheControl.mark(b, "claude-sonnet-4-5")).isEqualTo(1);
    assertThat(breakpoints(b)).containsExactly("system.0");
  }

  @Test
  void nothingGoesBeforeAClientsOneHourBreakpoint() {
    ObjectNode b =
        body(
            "{'model':'m','max_tokens':9,'system':'"
                + LONG
                + "','messages':[{'role':'user','content':[{'type':'text','text':'"
                + LONG
                + "','cache_control':{'type':'ephemeral','ttl':'1h'}}]},"
                + "{'role':'assistant','content':'ok'},{'role':'user','content':'next'}]}");
    assertThat(CacheControl.mark(b, "claude-sonnet-4-5")).isEqualTo(1);
    assertThat(b.get("system").isTextual()).isTrue();
    assertThat(breakpoints(b)).containsExactly("messages.0.0", "messages.2.0");
  }

  @Test
  void thinkingAndEmptyTextBlocksAreSkipped() {
    ObjectNode b =
        body(
            "{'model':'m','max_tokens':9,'system':'"
                + LONG
                + "','messages':[{'role':'user','content':'q'},{'role':'assistant','content':["
                + "{'type':'text','text':'a'},{'type':'thinking','thinking':'t','signature':'s'},"
                + "{'type':'text','text':''}]}]}");
    assertThat(CacheControl.mark(b, "claude-sonnet-4-5")).isEqualTo(2);
    assertThat(breakpoints(b)).containsExactly("system.0", "messages.1.0");
  }
}
