package switchboard.wire.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** auto_cache on Converse: cachePoint blocks for Claude, nothing for other families. */
class CachePointsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LONG = "The reference manual says many things. ".repeat(250);
  private static final String CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

  private static ObjectNode chat(String system, String... turns) {
    ObjectNode chat = JSON.createObjectNode();
    var messages = chat.putArray("messages");
    messages.addObject().put("role", "system").put("content", system);
    for (int i = 0; i < turns.length; i++) {
      messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", turns[i]);
    }
    return chat;
  }

  private static JsonNode point() {
    return JSON.createObjectNode()
        .set("cachePoint", JSON.createObjectNode().put("type", "default"));
  }

  @Test
  void aLongSystemPromptGetsCachePointsAfterItAndAfterTheLatestTurn() {
    ObjectNode converse = ConverseRequests.fromCanonical(chat(LONG, "Hi"), CLAUDE);
    assertThat(CachePoints.mark(converse, CLAUDE)).isEqualTo(2);
    assertThat(converse.get("system").size()).isEqualTo(2);
    assertThat(converse.get("system").get(0).path("text").asText()).isEqualTo(LONG);
    assertThat(converse.get("system").get(1)).isEqualTo(point());
    JsonNode content = converse.get("messages").get(0).get("content");
    assertThat(content.get(content.size() - 1)).isEqualTo(point());
  }

  @Test
  void shortPromptsAndOtherFamiliesAreLeftAsTheyAre() {
    ObjectNode shortOne = ConverseRequests.fromCanonical(chat("Be brief.", "Hi"), CLAUDE);
    ObjectNode before = shortOne.deepCopy();
    assertThat(CachePoints.mark(shortOne, CLAUDE)).isZero();
    assertThat(shortOne).isEqualTo(before);

    String llama = "meta.llama3-70b-instruct-v1:0";
    ObjectNode other = ConverseRequests.fromCanonical(chat(LONG, "Hi"), llama);
    ObjectNode otherBefore = other.deepCopy();
    assertThat(CachePoints.mark(other, llama)).isZero();
    assertThat(other).isEqualTo(otherBefore);
  }

  @Test
  void aConversationKeepsWithinFourPoints() {
    ObjectNode converse =
        ConverseRequests.fromCanonical(
            chat(LONG, LONG, "Noted.", "More?", "Sure.", "Go on"), CLAUDE);
    assertThat(CachePoints.mark(converse, CLAUDE)).isEqualTo(3);
    int points = 0;
    for (JsonNode block : converse.get("system")) {
      points += block.has("cachePoint") ? 1 : 0;
    }
    for (JsonNode m : converse.get("messages")) {
      for (JsonNode block : m.get("content")) {
        points += block.has("cachePoint") ? 1 : 0;
      }
    }
    assertThat(points).isEqualTo(3);
    // the latest turn (index 4) and the previous user turn (index 2) end with a point
    assertThat(last(converse, 4)).isEqualTo(point());
    assertThat(last(converse, 2)).isEqualTo(point());
    assertThat(last(converse, 0).has("cachePoint")).isFalse();
  }

  private static JsonNode last(ObjectNode converse, int message) {
    JsonNode content = converse.get("messages").get(message).get("content");
    return content.get(content.size() - 1);
  }
}
