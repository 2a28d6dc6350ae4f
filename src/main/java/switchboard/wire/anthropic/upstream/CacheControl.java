package switchboard.wire.anthropic.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import switchboard.wire.Breakpoints;
import switchboard.wire.Breakpoints.Segment;
import switchboard.wire.Breakpoints.Spot;

/**
 * {@code auto_cache} for an Anthropic Messages body: {@code cache_control} breakpoints where {@link
 * Breakpoints} decides (wire-formats §3.4). Pure; changes the body in place.
 */
public final class CacheControl {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Blocks that cannot carry {@code cache_control}. */
  private static final Set<String> UNCACHEABLE = Set.of("thinking", "redacted_thinking");

  private CacheControl() {}

  /**
   * Adds breakpoints to {@code body} for {@code model}, keeping the client's own. None goes before
   * a client's {@code ttl: 1h} breakpoint: Anthropic wants the longer-lived entries first.
   *
   * @return how many were added
   */
  public static int mark(ObjectNode body, String model) {
    boolean automatic = body.path("cache_control").isObject();
    Walk walk = new Walk();
    JsonNode tools = body.get("tools");
    if (tools != null && tools.isArray()) {
      for (JsonNode tool : tools) {
        walk.block(tool, Breakpoints.estimate(tool));
      }
      if (!tools.isEmpty()) {
        walk.spot(Segment.TOOLS, -1, false, (ObjectNode) tools.get(tools.size() - 1));
      }
    }
    JsonNode system = body.get("system");
    if (system != null && system.isTextual() && !system.asText().isEmpty()) {
      walk.block(system, Breakpoints.estimate(system));
      walk.spot(
          Segment.SYSTEM,
          -1,
          false,
          false,
          () -> body.set("system", NODES.arrayNode().add(textBlock(system.asText()))));
    } else if (system != null && system.isArray()) {
      walk.blocks(Segment.SYSTEM, -1, false, system);
    }
    JsonNode messages = body.get("messages");
    for (int i = 0; messages != null && i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      boolean user = "user".equals(message.path("role").asText());
      JsonNode content = message.get("content");
      if (content != null && content.isTextual() && !content.asText().isEmpty()) {
        ObjectNode m = (ObjectNode) message;
        String text = content.asText();
        walk.block(content, Breakpoints.estimate(content));
        walk.spot(
            Segment.TURN,
            i,
            user,
            false,
            () -> m.set("content", NODES.arrayNode().add(textBlock(text))));
      } else if (content != null && content.isArray()) {
        walk.blocks(Segment.TURN, i, user, content);
      }
    }
    int existing = walk.breakpoints + (automatic ? 1 : 0);
    return Breakpoints.place(
        walk.spotsAfterLongLived(), existing, automatic, Breakpoints.minimumTokens(model));
  }

  /** The prompt's blocks in prefix order: the running estimate, the spots, the client's marks. */
  private static final class Walk {
    final List<Spot> spots = new ArrayList<>();
    final List<Integer> spotAt = new ArrayList<>();
    int ordinal;
    long tokens;
    int breakpoints;
    int lastLongLived = -1;

    /** A block: counts its breakpoints (in tool results, the inner blocks' too). */
    void block(JsonNode block, long estimate) {
      tokens += estimate;
      note(block);
      if (block.path("type").asText().equals("tool_result")) {
        for (JsonNode inner : block.path("content")) {
          note(inner);
        }
      }
      ordinal++;
    }

    private void note(JsonNode block) {
      JsonNode cache = block.path("cache_control");
      if (cache.isObject()) {
        breakpoints++;
        if ("1h".equals(cache.path("ttl").asText())) {
          lastLongLived = ordinal;
        }
      }
    }

    /** The blocks of a system prompt or a message, with a spot on the last cacheable one. */
    void blocks(Segment segment, int turn, boolean user, JsonNode blocks) {
      ObjectNode last = null;
      int lastAt = -1;
      for (JsonNode block : blocks) {
        block(block, Breakpoints.estimate(block));
        if (cacheable(block)) {
          last = (ObjectNode) block;
          lastAt = ordinal - 1;
        }
      }
      if (last != null) {
        ObjectNode b = last;
        spots.add(
            new Spot(
                segment,
                turn,
                user,
                tokens,
                b.has("cache_control"),
                () -> b.set("cache_control", ephemeral())));
        spotAt.add(lastAt);
      }
    }

    void spot(Segment segment, int turn, boolean user, ObjectNode block) {
      spot(
          segment,
          turn,
          user,
          block.has("cache_control"),
          () -> block.set("cache_control", ephemeral()));
    }

    void spot(Segment segment, int turn, boolean user, boolean marked, Runnable mark) {
      spots.add(new Spot(segment, turn, user, tokens, marked, mark));
      spotAt.add(ordinal - 1);
    }

    List<Spot> spotsAfterLongLived() {
      List<Spot> out = new ArrayList<>();
      for (int i = 0; i < spots.size(); i++) {
        if (spotAt.get(i) >= lastLongLived) {
          out.add(spots.get(i));
        }
      }
      return out;
    }
  }

  private static boolean cacheable(JsonNode block) {
    if (!block.isObject() || UNCACHEABLE.contains(block.path("type").asText())) {
      return false;
    }
    // Anthropic refuses cache_control on an empty text block.
    return !"text".equals(block.path("type").asText()) || !block.path("text").asText().isEmpty();
  }

  private static ObjectNode textBlock(String text) {
    ObjectNode block = NODES.objectNode().put("type", "text").put("text", text);
    block.set("cache_control", ephemeral());
    return block;
  }

  private static ObjectNode ephemeral() {
    return NODES.objectNode().put("type", "ephemeral");
  }
}
