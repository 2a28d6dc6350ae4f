package switchboard.wire.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The prompt_cache_key auto_cache derives from a request's stable prefix. */
class PromptCacheKeyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode chat(String system, String user) throws Exception {
    return (ObjectNode)
        JSON.readTree(
            "{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"system\",\"content\":\""
                + system
                + "\"},{\"role\":\"user\",\"content\":\""
                + user
                + "\"}]}");
  }

  @Test
  void theKeyFollowsThePrefixNotTheLatestTurn() throws Exception {
    ObjectNode a = chat("You answer FAQ.", "Opening hours?");
    ObjectNode b = chat("You answer FAQ.", "Refund policy?");
    ObjectNode c = chat("You write poems.", "Opening hours?");
    assertThat(PromptCacheKey.mark(a)).isTrue();
    PromptCacheKey.mark(b);
    PromptCacheKey.mark(c);
    String key = a.get("prompt_cache_key").asText();
    assertThat(key).startsWith("sb-").hasSize(3 + 32);
    assertThat(b.get("prompt_cache_key").asText()).isEqualTo(key);
    assertThat(c.get("prompt_cache_key").asText()).isNotEqualTo(key);
  }

  @Test
  void theClientsOwnKeyIsKept() throws Exception {
    ObjectNode a = chat("s", "u");
    a.put("prompt_cache_key", "mine");
    assertThat(PromptCacheKey.mark(a)).isFalse();
    assertThat(a.get("prompt_cache_key").asText()).isEqualTo("mine");
  }

  @Test
  void responsesRequestsKeyOnTheirInstructions() throws Exception {
    ObjectNode a = (ObjectNode) JSON.readTree("{\"instructions\":\"FAQ\",\"input\":\"one\"}");
    ObjectNode b = (ObjectNode) JSON.readTree("{\"instructions\":\"FAQ\",\"input\":\"two\"}");
    PromptCacheKey.markResponses(a);
    PromptCacheKey.markResponses(b);
    assertThat(a.get("prompt_cache_key")).isEqualTo(b.get("prompt_cache_key"));
  }
}
