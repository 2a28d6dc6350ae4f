package switchboard.wire.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import switchboard.wire.Breakpoints;
import switchboard.wire.Breakpoints.Segment;
import switchboard.wire.Breakpoints.Spot;

/**
 * {@code auto_cache} for a Converse body to a Claude model: {@code {"cachePoint": {"type":
 * "default"}}} blocks inserted after the spots {@link Breakpoints} chooses (wire-formats §7), in
 * {@code toolConfig.tools}, {@code system} and message content alike. Other families are left as
 * they are. Pure; changes the body in place.
 */
public final class CachePoints {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CachePoints() {}

  /**
   * Adds cache points to {@code converse} for the Bedrock model {@code modelId}.
   *
   * @return how many were added
   */
  public static int mark(ObjectNode converse, String modelId) {
    if (ConverseFamily.of(modelId) != ConverseFamily.ANTHROPIC) {
      return 0;
    }
    JsonNode tools = converse.path("toolConfig").get("tools");
    JsonNode system = converse.get("system");
    JsonNode messages = converse.get("messages");
    int existing = points(tools) + points(system);
    List<Spot> spots = new ArrayList<>();
    long tokens = 0;
    tokens = add(spots, Segment.TOOLS, -1, false, tokens, tools);
    tokens = add(spots, Segment.SYSTEM, -1, false, tokens, system);
    for (int i = 0; messages != null && i < messages.size(); i++) {
      JsonNode content = messages.get(i).get("content");
      existing += points(content);
      boolean user = "user".equals(messages.get(i).path("role").asText());
      tokens = add(spots, Segment.TURN, i, user, tokens, content);
    }
    return Breakpoints.place(spots, existing, false, Breakpoints.minimumTokens(modelId));
  }

  /** A spot at the end of {@code blocks} (none when empty), the running estimate updated. */
  private static long add(
      List<Spot> spots, Segment segment, int turn, boolean user, long tokens, JsonNode blocks) {
    if (!(blocks instanceof ArrayNode array) || array.isEmpty()) {
      return tokens;
    }
    for (JsonNode block : array) {
      tokens += Breakpoints.estimate(block);
    }
    boolean marked = array.get(array.size() - 1).has("cachePoint");
    spots.add(
        new Spot(
            segment,
            turn,
            user,
            tokens,
            marked,
            () -> array.addObject().putObject("cachePoint").put("type", "default")));
    return tokens;
  }

  private static int points(JsonNode blocks) {
    int n = 0;
    for (JsonNode block : blocks == null ? NODES.arrayNode() : blocks) {
      if (block.has("cachePoint")) {
        n++;
      }
    }
    return n;
  }
}
