package switchboard.wire.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code auto_cache} for upstreams that cache prompts by themselves (OpenAI): a {@code
 * prompt_cache_key} derived from the stable prefix, so that requests sharing it are routed to the
 * same cache shard (wire-formats §1.2). Pure.
 *
 * <p>The prefix is the tools and the leading system and developer messages (or, when there are
 * none, the first message): what a conversation keeps while its later turns change. A key the
 * client chose is never replaced.
 */
public final class PromptCacheKey {

  /** Every derived key starts so, telling it apart from a client's own in upstream logs. */
  static final String PREFIX = "sb-";

  private PromptCacheKey() {}

  /**
   * Sets {@code prompt_cache_key} on a Chat Completions body unless it has one.
   *
   * @return whether it set one
   */
  public static boolean mark(ObjectNode chat) {
    if (chat.hasNonNull("prompt_cache_key")) {
      return false;
    }
    MessageDigest digest = sha256();
    update(digest, chat.get("tools"));
    JsonNode messages = chat.path("messages");
    int stable = 0;
    while (stable < messages.size() && leading(messages.get(stable))) {
      update(digest, messages.get(stable++));
    }
    if (stable == 0 && !messages.isEmpty()) {
      update(digest, messages.get(0));
    }
    chat.put("prompt_cache_key", key(digest));
    return true;
  }

  /**
   * Sets {@code prompt_cache_key} on a Responses API body unless it has one: the prefix is its
   * {@code instructions} and tools, else its first input item.
   */
  public static boolean markResponses(ObjectNode request) {
    if (request.hasNonNull("prompt_cache_key")) {
      return false;
    }
    MessageDigest digest = sha256();
    update(digest, request.get("tools"));
    update(digest, request.get("instructions"));
    JsonNode input = request.get("input");
    if (!request.hasNonNull("instructions") && input != null) {
      update(digest, input.isArray() && !input.isEmpty() ? input.get(0) : input);
    }
    request.put("prompt_cache_key", key(digest));
    return true;
  }

  private static boolean leading(JsonNode message) {
    String role = message.path("role").asText();
    return role.equals("system") || role.equals("developer");
  }

  private static void update(MessageDigest digest, JsonNode node) {
    if (node != null && !node.isNull()) {
      digest.update(node.toString().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
  }

  private static String key(MessageDigest digest) {
    return PREFIX + HexFormat.of().formatHex(digest.digest(), 0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
