package switchboard.wire.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import switchboard.wire.Breakpoints;

/**
 * Explicit context caching for {@code auto_cache} (wire-formats §5.6): splits a {@code
 * GenerateContentRequest} at its stable prefix, builds the {@code cachedContents} body that holds
 * it and the request that names the cache instead of repeating it. Pure.
 *
 * <p>Design note. A cache holds one fixed prefix and a request using it may not repeat any of it
 * (Gemini answers 400 when {@code systemInstruction}, {@code tools} or {@code toolConfig} come
 * along). Every distinct prefix is a cache billed per hour of storage, so the prefix is the part
 * shared <em>across</em> conversations: the system instruction, the tools and the tool config, and,
 * when there is no system instruction, the first turn of a conversation that has more (the "large
 * document, then questions" pattern). The growing history of a conversation is left to Gemini's
 * implicit caching, which needs no request change.
 */
public final class GeminiCaches {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The fields a cache holds and a request naming it must leave out. */
  private static final List<String> HELD = List.of("systemInstruction", "tools", "toolConfig");

  /**
   * A request split at its stable prefix.
   *
   * @param prefix the cached part: {@code systemInstruction}, {@code tools}, {@code toolConfig} and
   *     {@code contents} as far as they belong to it
   * @param rest the request without the prefix (its remaining contents, generation config…)
   * @param tokens the prefix's estimated length
   * @param hash a hash of the model and the prefix, the same for every request sharing both
   */
  public record Split(ObjectNode prefix, ObjectNode rest, long tokens, String hash) {}

  private GeminiCaches() {}

  /**
   * The request's cacheable prefix, or null: when the request names a cache itself, has no stable
   * prefix, or the prefix is below the model's minimum (Gemini refuses smaller caches).
   */
  public static Split split(ObjectNode request, String model) {
    if (request.hasNonNull("cachedContent")) {
      return null; // the client's own cache: left alone
    }
    ObjectNode prefix = NODES.objectNode();
    ObjectNode rest = request.deepCopy();
    for (String field : HELD) {
      JsonNode value = rest.remove(field);
      if (value != null && !value.isNull()) {
        prefix.set(field, value);
      }
    }
    JsonNode contents = request.path("contents");
    if (!prefix.has("systemInstruction") && contents.isArray() && contents.size() > 1) {
      prefix.putArray("contents").add(contents.get(0).deepCopy());
      ArrayNode remaining = rest.putArray("contents");
      for (int i = 1; i < contents.size(); i++) {
        remaining.add(contents.get(i).deepCopy());
      }
    }
    if (prefix.isEmpty()) {
      return null;
    }
    long tokens = Breakpoints.estimate(prefix);
    if (tokens < minimumTokens(model)) {
      return null;
    }
    return new Split(prefix, rest, tokens, hash(model, prefix));
  }

  /** The {@code POST /v1beta/cachedContents} body holding {@code split}'s prefix. */
  public static ObjectNode createBody(Split split, String model, Duration ttl) {
    ObjectNode body = NODES.objectNode();
    body.put("model", "models/" + model);
    body.setAll(split.prefix().deepCopy());
    body.put("ttl", Math.max(1, ttl.toSeconds()) + "s");
    return body;
  }

  /** {@code split}'s request naming the cache {@code name} instead of carrying the prefix. */
  public static ObjectNode using(Split split, String name) {
    ObjectNode body = split.rest().deepCopy();
    body.put("cachedContent", name);
    return body;
  }

  /**
   * The smallest prefix a model caches, in tokens. Google's caching page has listed different
   * figures over time (2.5 Flash 1,024 then 2,048; 2.5 Pro 4,096 then 2,048; newer models 4,096)
   * and the API enforces its own (2.5 Flash 1,024 and Flash-Lite 2,048, as its "Cached content is
   * too small" 400 states); these are the enforced ones where known, else the page's latest, else
   * 4,096. A prefix below the real minimum only costs one refused creation, remembered.
   */
  public static long minimumTokens(String model) {
    String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
    if (m.startsWith("models/")) {
      m = m.substring(7);
    }
    if (m.startsWith("gemini-1.5")) {
      return 32_768;
    }
    if (m.startsWith("gemini-2.5-flash-lite")) {
      return 2048;
    }
    if (m.startsWith("gemini-2.5-flash")) {
      return 1024;
    }
    if (m.startsWith("gemini-2.5-pro")) {
      return 2048;
    }
    return 4096;
  }

  private static String hash(String model, ObjectNode prefix) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(String.valueOf(model).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(prefix.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
