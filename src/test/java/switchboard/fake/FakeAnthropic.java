package switchboard.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback Anthropic Messages upstream ({@code POST /v1/messages}, wire-formats §3) with a
 * working prompt cache, recording every request. The cache behaves as Anthropic documents it
 * (§3.4): prefixes in the order tools → system → messages are cached up to each {@code
 * cache_control} breakpoint (or the last block, for a top-level {@code cache_control}) when the
 * prefix reaches the model's minimum; a later request reads the longest cached prefix found at a
 * breakpoint or up to 20 blocks before it; a fifth breakpoint is the real 400. Tokens are counted
 * as words, independently of the gateway's own estimate.
 */
public final class FakeAnthropic implements AutoCloseable {

  private static final Vertx VERTX = Vertx.vertx();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LOOK_BACK = 20;

  private final HttpServer server;
  private final List<FakeOpenAi.Received> received = new CopyOnWriteArrayList<>();
  private final Set<String> cache = ConcurrentHashMap.newKeySet();

  private FakeAnthropic(HttpServer server) {
    this.server = server;
  }

  public static FakeAnthropic start() {
    FakeAnthropic[] holder = new FakeAnthropic[1];
    HttpServer server = VERTX.createHttpServer().requestHandler(req -> holder[0].accept(req));
    holder[0] = new FakeAnthropic(server);
    try {
      server
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return holder[0];
  }

  /** The base URL to give the gateway as {@code ANTHROPIC_BASE_URL} (no {@code /v1}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<FakeOpenAi.Received> requests() {
    return List.copyOf(received);
  }

  /** The last request received. */
  public JsonNode last() {
    return received.get(received.size() - 1).json();
  }

  /** Forgets the recorded requests and empties the cache. */
  public void reset() {
    received.clear();
    cache.clear();
  }

  /** The smallest cacheable prefix of a model, as on Anthropic's page. */
  static int minimum(String model) {
    return model.contains("haiku-4-5") || model.contains("opus-4-5") ? 4096 : 1024;
  }

  @Override
  public void close() {
    server.close();
  }

  private void accept(HttpServerRequest req) {
    req.body()
        .onSuccess(
            body -> {
              Map<String, String> headers = new LinkedHashMap<>();
              req.headers()
                  .forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(), h.getValue()));
              FakeOpenAi.Received r =
                  new FakeOpenAi.Received(
                      req.method().name(), req.path(), headers, body.toString());
              received.add(r);
              answer(req, r.json());
            });
  }

  private void answer(HttpServerRequest req, JsonNode request) {
    List<Block> blocks = blocks(request);
    List<Integer> breakpoints = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).breakpoint) {
        breakpoints.add(i);
      }
    }
    if (request.path("cache_control").isObject() && !blocks.isEmpty()) {
      breakpoints.add(blocks.size() - 1);
    }
    if (breakpoints.size() > 4) {
      req.response()
          .setStatusCode(400)
          .putHeader("content-type", "application/json")
          .end(
              "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                  + "\"A maximum of 4 blocks with cache_control may be provided. Found "
                  + breakpoints.size()
                  + ".\"}}");
      return;
    }
    String model = request.path("model").asText();
    long read = 0;
    for (int bp : breakpoints) {
      for (int i = bp; i >= Math.max(0, bp - LOOK_BACK); i--) {
        if (cache.contains(blocks.get(i).prefixHash)) {
          read = Math.max(read, blocks.get(i).tokensThrough);
          break;
        }
      }
    }
    long written = read;
    for (int bp : breakpoints) {
      Block b = blocks.get(bp);
      if (b.tokensThrough >= minimum(model) && b.tokensThrough > read) {
        cache.add(b.prefixHash);
        written = Math.max(written, b.tokensThrough);
      }
    }
    long total = blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).tokensThrough;
    ObjectNode usage = JSON.createObjectNode();
    usage.put("input_tokens", total - written);
    usage.put("cache_creation_input_tokens", written - read);
    usage.put("cache_read_input_tokens", read);
    usage.put("output_tokens", 3);
    if (request.path("stream").asBoolean(false)) {
      stream(req, model, usage);
      return;
    }
    ObjectNode message = message(model, usage);
    message.putArray("content").addObject().put("type", "text").put("text", "Cached hello.");
    message.put("stop_reason", "end_turn");
    req.response().putHeader("content-type", "application/json").end(message.toString());
  }

  private static ObjectNode message(String model, ObjectNode usage) {
    ObjectNode message = JSON.createObjectNode();
    message.put("id", "msg_fake_cache").put("type", "message").put("role", "assistant");
    message.put("model", model);
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", usage);
    return message;
  }

  private static void stream(HttpServerRequest req, String model, ObjectNode usage) {
    ObjectNode start = JSON.createObjectNode().put("type", "message_start");
    start.set("message", message(model, usage.deepCopy().put("output_tokens", 1)));
    String[] events = {
      event("message_start", start.toString()),
      event(
          "content_block_start",
          "{\"type\":\"content_block_start\",\"index\":0,"
              + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
      event(
          "content_block_delta",
          "{\"type\":\"content_block_delta\",\"index\":0,"
              + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Cached hello.\"}}"),
      event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
      event(
          "message_delta",
          "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
              + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":3}}"),
      event("message_stop", "{\"type\":\"message_stop\"}")
    };
    req.response()
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .end(String.join("", events));
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  /** One cacheable block in prefix order, with the prefix it ends. */
  private record Block(boolean breakpoint, long tokensThrough, String prefixHash) {}

  private static List<Block> blocks(JsonNode request) {
    List<JsonNode> flat = new ArrayList<>();
    request.path("tools").forEach(flat::add);
    JsonNode system = request.get("system");
    if (system != null && system.isTextual()) {
      flat.add(JSON.createObjectNode().put("type", "text").put("text", system.asText()));
    } else if (system != null) {
      system.forEach(flat::add);
    }
    for (JsonNode message : request.path("messages")) {
      JsonNode content = message.get("content");
      if (content.isTextual()) {
        flat.add(JSON.createObjectNode().put("type", "text").put("text", content.asText()));
      } else {
        content.forEach(flat::add);
      }
    }
    List<Block> out = new ArrayList<>();
    long tokens = 0;
    // A running digest of the prefix, not the prefix itself: thousands of blocks would otherwise
    // copy the whole prefix once per block (quadratic, seconds for a long conversation).
    java.security.MessageDigest prefix = sha256();
    prefix.update(request.path("model").asText().getBytes(StandardCharsets.UTF_8));
    for (JsonNode block : flat) {
      ObjectNode plain = block.deepCopy();
      boolean breakpoint = plain.remove("cache_control") != null;
      tokens += words(plain);
      prefix.update((byte) 0);
      prefix.update(plain.toString().getBytes(StandardCharsets.UTF_8));
      out.add(new Block(breakpoint, tokens, HexFormat.of().formatHex(digestSoFar(prefix))));
    }
    return out;
  }

  private static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] digestSoFar(java.security.MessageDigest running) {
    try {
      return ((java.security.MessageDigest) running.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long words(JsonNode node) {
    long n = 0;
    if (node.isTextual()) {
      String t = node.asText().trim();
      return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node instanceof ArrayNode a ? a : node) {
        n += words(child);
      }
    }
    return n;
  }
}
