package switchboard.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gemini's explicit context caches as {@link FakeNative} serves them (wire-formats §5.6): {@code
 * POST /v1beta/cachedContents}, {@code GET} and {@code DELETE /v1beta/cachedContents/<id>}, and the
 * checks Gemini makes when a {@code generateContent} request names one: it must exist and not have
 * expired (403 "CachedContent not found"), be the request's model, and the request must not repeat
 * {@code systemInstruction}, {@code tools} or {@code toolConfig} (400). Tokens are counted as
 * characters over four.
 */
public final class FakeCachedContents {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A cache held. */
  record Held(String name, String model, ObjectNode content, long tokens, Instant expires) {}

  /** What the fake answers: a status and a JSON body. */
  record Answer(int status, String body) {}

  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final List<String> deleted = new CopyOnWriteArrayList<>();
  private final AtomicInteger creates = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile Duration lifetime; // overrides the requested TTL when set
  private volatile long minimumTokens = 1024;

  /** Creations asked for, successful or not. */
  public int creates() {
    return creates.get();
  }

  /** The names deleted, in order. */
  public List<String> deleted() {
    return List.copyOf(deleted);
  }

  /** The caches held and not expired. */
  public int live() {
    Instant now = Instant.now();
    return (int) held.values().stream().filter(h -> now.isBefore(h.expires())).count();
  }

  /** Every cache created from now on expires after {@code life}, whatever TTL was asked. */
  public void lifetime(Duration life) {
    this.lifetime = life;
  }

  /** The smallest cache accepted (1,024 tokens, as Gemini 2.5 Flash). */
  public void minimumTokens(long tokens) {
    this.minimumTokens = tokens;
  }

  /** Drops every cache now, as an early eviction would. */
  public void evictAll() {
    held.clear();
  }

  public void reset() {
    held.clear();
    deleted.clear();
    creates.set(0);
    lifetime = null;
    minimumTokens = 1024;
  }

  /** Answers a cachedContents request, or null when the path is not one. */
  Answer serve(String method, String path, String body) {
    if (path.equals("/v1beta/cachedContents") && method.equals("POST")) {
      return create(body);
    }
    if (!path.startsWith("/v1beta/cachedContents/")) {
      return null;
    }
    String name = path.substring("/v1beta/".length());
    Held h = held.get(name);
    if (method.equals("DELETE")) {
      deleted.add(name);
      return held.remove(name) != null ? new Answer(200, "{}") : notFound(404);
    }
    if (method.equals("GET")) {
      return h != null && Instant.now().isBefore(h.expires())
          ? new Answer(200, describe(h))
          : notFound(403);
    }
    return new Answer(405, "{\"error\":{\"code\":405,\"message\":\"method\"}}");
  }

  private Answer create(String body) {
    creates.incrementAndGet();
    ObjectNode request = (ObjectNode) read(body);
    String model = request.path("model").asText("");
    if (!model.startsWith("models/")) {
      return invalid("model must be models/<id>");
    }
    ObjectNode content = JSON.createObjectNode();
    for (String f : new String[] {"systemInstruction", "contents", "tools", "toolConfig"}) {
      if (request.has(f)) {
        content.set(f, request.get(f));
      }
    }
    long tokens = content.toString().length() / 4;
    if (tokens < minimumTokens) {
      return invalid(
          "Cached content is too small. total_token_count="
              + tokens
              + ", min_total_token_count="
              + minimumTokens);
    }
    String ttl = request.path("ttl").asText("3600s");
    Duration life =
        lifetime != null
            ? lifetime
            : Duration.ofSeconds(Long.parseLong(ttl.substring(0, ttl.length() - 1)));
    Held h =
        new Held(
            "cachedContents/fake" + ids.incrementAndGet(),
            model.substring(7),
            content,
            tokens,
            Instant.now().plus(life));
    held.put(h.name(), h);
    return new Answer(200, describe(h));
  }

  /**
   * Checks a generateContent request naming a cache: null when it names none, else the error Gemini
   * would give, or a 200 whose body carries the cached token count.
   */
  Answer check(String model, JsonNode request) {
    String name = request.path("cachedContent").asText(null);
    if (name == null) {
      return null;
    }
    Held h = held.get(name);
    if (h == null || !Instant.now().isBefore(h.expires())) {
      return notFound(403);
    }
    if (!h.model().equals(model)) {
      return invalid("Model used by GenerateContent request and CachedContent has to be the same.");
    }
    for (String f : new String[] {"systemInstruction", "tools", "toolConfig"}) {
      if (request.has(f)) {
        return invalid(
            "CachedContent can not be used with GenerateContent request setting"
                + " system_instruction, tools or tool_config.");
      }
    }
    return new Answer(200, String.valueOf(h.tokens()));
  }

  private static String describe(Held h) {
    return "{\"name\":\""
        + h.name()
        + "\",\"model\":\"models/"
        + h.model()
        + "\",\"expireTime\":\""
        + h.expires()
        + "\",\"usageMetadata\":{\"totalTokenCount\":"
        + h.tokens()
        + "}}";
  }

  private static Answer notFound(int status) {
    return new Answer(
        status,
        "{\"error\":{\"code\":"
            + status
            + ",\"message\":\"CachedContent not found (or permission denied)\",\"status\":\""
            + (status == 403 ? "PERMISSION_DENIED" : "NOT_FOUND")
            + "\"}}");
  }

  private static Answer invalid(String message) {
    return new Answer(
        400,
        "{\"error\":{\"code\":400,\"message\":\""
            + message
            + "\",\"status\":\"INVALID_ARGUMENT\"}}");
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      return JSON.createObjectNode();
    }
  }
}
