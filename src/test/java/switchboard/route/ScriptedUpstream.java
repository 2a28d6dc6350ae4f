package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback OpenAI-format upstream whose answers are scripted per model: each request for a model
 * takes the next step of its script, and the last step repeats. Unscripted models answer normally.
 * Records each request's body and arrival time (nanos) per model.
 */
final class ScriptedUpstream implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  enum Kind {
    OK,
    STATUS,
    HANG,
    STREAM_ERROR_EVENT,
    STREAM_CUT_BEFORE_CONTENT,
    STREAM_CUT_AFTER_CONTENT,
    TEXT
  }

  record Step(Kind kind, int status, Map<String, String> headers, String body, long delayMs) {}

  static Step ok() {
    return new Step(Kind.OK, 200, Map.of(), null, 0);
  }

  static Step okAfter(long delayMs) {
    return new Step(Kind.OK, 200, Map.of(), null, delayMs);
  }

  static Step status(int status, Map<String, String> headers, String code) {
    String body =
        "{\"error\":{\"message\":\"scripted "
            + status
            + "\",\"type\":\"server_error\","
            + "\"param\":null,\"code\":"
            + (code == null ? "null" : "\"" + code + "\"")
            + "}}";
    return new Step(Kind.STATUS, status, headers, body, 0);
  }

  static Step status(int status) {
    return status(status, Map.of(), null);
  }

  /** A stream whose content comes in these pieces, one chunk each, then a clean end. */
  static Step text(String... pieces) {
    return new Step(Kind.TEXT, 200, Map.of(), String.join("\u0000", pieces), 0);
  }

  static Step of(Kind kind) {
    return new Step(kind, 200, Map.of(), null, 0);
  }

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, List<Step>> scripts = new ConcurrentHashMap<>();
  private final Map<String, List<JsonNode>> bodies = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> errorsSent = new ConcurrentHashMap<>();
  private final List<HttpServerResponse> hanging = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  ScriptedUpstream() throws Exception {
    server = vertx.createHttpServer().requestHandler(this::handle);
    server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  void script(String model, Step... steps) {
    scripts.put(model, new ArrayList<>(List.of(steps)));
  }

  int calls(String model) {
    return bodies.getOrDefault(model, List.of()).size();
  }

  List<JsonNode> bodies(String model) {
    return bodies.getOrDefault(model, List.of());
  }

  List<Long> arrivals(String model) {
    return arrivals.getOrDefault(model, List.of());
  }

  /** When each scripted error answer to {@code model} was fully written (nanos). */
  List<Long> errorsSent(String model) {
    return errorsSent.getOrDefault(model, List.of());
  }

  /** How many hung requests the client has since closed (a hedge loser or a timeout cut them). */
  long closedHanging() {
    return hanging.stream().filter(HttpServerResponse::closed).count();
  }

  private synchronized Step next(String model) {
    List<Step> script = scripts.get(model);
    if (script == null || script.isEmpty()) {
      return ok();
    }
    return script.size() == 1 ? script.get(0) : script.remove(0);
  }

  private void handle(HttpServerRequest request) {
    long arrived = System.nanoTime();
    request
        .body()
        .onSuccess(
            buffer -> {
              JsonNode body;
              try {
                body = JSON.readTree(buffer.getBytes());
              } catch (Exception e) {
                request.response().setStatusCode(400).end();
                return;
              }
              String model = body.path("model").asText();
              arrivals.computeIfAbsent(model, k -> new CopyOnWriteArrayList<>()).add(arrived);
              bodies.computeIfAbsent(model, k -> new CopyOnWriteArrayList<>()).add(body);
              Step step = next(model);
              if (step.delayMs() > 0) {
                vertx.setTimer(step.delayMs(), id -> answer(request.response(), step, body, model));
              } else {
                answer(request.response(), step, body, model);
              }
            });
  }

  private void answer(HttpServerResponse response, Step step, JsonNode body, String model) {
    if (response.closed()) {
      return;
    }
    boolean stream = body.path("stream").asBoolean(false);
    switch (step.kind()) {
      case HANG -> hanging.add(response);
      case STATUS -> {
        step.headers().forEach(response::putHeader);
        response
            .setStatusCode(step.status())
            .putHeader("content-type", "application/json")
            .end(step.body())
            .onComplete(
                v ->
                    errorsSent
                        .computeIfAbsent(model, k -> new CopyOnWriteArrayList<>())
                        .add(System.nanoTime()));
      }
      case OK -> {
        if (stream) {
          sse(response)
              .write(
                  chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", null)
                      + chunk(model, "{\"content\":\"Hello from " + model + "\"}", null)
                      + chunk(model, "{}", "stop")
                      + "data: [DONE]\n\n");
          response.end();
        } else {
          response.putHeader("content-type", "application/json").end(completion(model));
        }
      }
      case TEXT -> {
        StringBuilder out =
            new StringBuilder(chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (String piece : step.body().split("\u0000")) {
          out.append(chunk(model, "{\"content\":" + JSON.valueToTree(piece) + "}", null));
        }
        sse(response).end(out + chunk(model, "{}", "stop") + "data: [DONE]\n\n");
      }
      case STREAM_ERROR_EVENT ->
          sse(response)
              .end(
                  chunk(model, "{\"role\":\"assistant\"}", null)
                      + "data: {\"error\":{\"message\":\"scripted in-band error\",\"type\":\"server_error\"}}\n\n");
      case STREAM_CUT_BEFORE_CONTENT -> {
        sse(response).write(chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", null));
        vertx.setTimer(20, id -> response.reset());
      }
      case STREAM_CUT_AFTER_CONTENT -> {
        sse(response)
            .write(
                chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", null)
                    + chunk(model, "{\"content\":\"partial answer\"}", null));
        vertx.setTimer(50, id -> response.reset());
      }
    }
  }

  private static HttpServerResponse sse(HttpServerResponse response) {
    return response.setChunked(true).putHeader("content-type", "text/event-stream");
  }

  private static String chunk(String model, String delta, String finish) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\""
        + model
        + "\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"")
        + "}]}\n\n";
  }

  private static String completion(String model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-1")
        .put("object", "chat.completion")
        .put("created", 1)
        .put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", "Hello from " + model);
    root.putObject("usage")
        .put("prompt_tokens", 5)
        .put("completion_tokens", 4)
        .put("total_tokens", 9);
    return root.toString();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
