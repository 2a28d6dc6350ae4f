package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A simulated Gemini API (wire-formats §5) under {@link #PATH}: {@code POST
 * /v1beta/models/<model>:generateContent}, {@code :streamGenerateContent} (SSE with CRLF framing
 * and no terminator when {@code alt=sse}, else one JSON array), {@code :batchEmbedContents} and
 * {@code GET /v1beta/models}. The key must come in {@code x-goog-api-key} or {@code ?key=}. Model
 * names choose a {@link Scenario}, each failing with Gemini's own error.
 */
public final class GeminiSimulator {

  /** The path prefix: point a Gemini provider's base URL at {@code http://host:port/sim/gemini}. */
  public static final String PATH = "/sim/gemini";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Vert.x reads ':' in a plain route path as a parameter, so the model routes are a regex. */
  private static final String MODEL_ROUTE =
      "^"
          + PATH
          + "/v1beta/models/([A-Za-z0-9._\\-]+):(generateContent|streamGenerateContent|batchEmbedContents)$";

  private static final String CRLF = "\r\n";

  private final Vertx vertx;
  private final SimSettings settings;
  private final RandomGenerator random;

  public GeminiSimulator(Vertx vertx, SimSettings settings, RandomGenerator random) {
    this.vertx = vertx;
    this.settings = settings;
    this.random = random;
  }

  /** Serves the simulated Gemini API on {@code router}. */
  public void mount(Router router) {
    router.postWithRegex(MODEL_ROUTE).handler(BodyHandler.create(false)).handler(this::post);
    router.get(PATH + "/v1beta/models").handler(this::models);
  }

  private void post(RoutingContext ctx) {
    if (!keyed(ctx)) {
      return;
    }
    String model = ctx.pathParam("param0");
    String method = ctx.pathParam("param1");
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body().buffer().getBytes());
    } catch (Exception e) {
      error(ctx.response(), 400, "INVALID_ARGUMENT", "Invalid JSON payload received.", null);
      return;
    }
    if (body == null || !body.isObject()) {
      error(ctx.response(), 400, "INVALID_ARGUMENT", "Invalid JSON payload received.", null);
      return;
    }
    Scenario scenario = Scenario.of(model);
    if (method.equals("batchEmbedContents")) {
      if (!failEarly(ctx.response(), scenario, 0)) {
        embeddings(ctx, body);
      }
      return;
    }
    SimAnswer answer = GeminiSimAnswers.answer(body, model);
    if (failEarly(ctx.response(), scenario, answer.promptTokens()) || scenario == Scenario.HANG) {
      return; // HANG: never answer; the gateway's timeouts must cope
    }
    long delay = SimTiming.firstTokenDelay(settings, scenario, model);
    boolean stream = method.equals("streamGenerateContent");
    boolean sse = "sse".equals(ctx.request().getParam("alt"));
    SimTiming.after(vertx, delay, () -> answer(ctx.response(), answer, scenario, stream, sse));
  }

  private void answer(
      HttpServerResponse response,
      SimAnswer answer,
      Scenario scenario,
      boolean stream,
      boolean sse) {
    if (response.closed()) {
      return;
    }
    if (scenario == Scenario.GARBAGE) {
      response
          .putHeader("content-type", sse ? "text/event-stream" : "application/json")
          .end(sse ? "data: {\"candidates\": oops" + CRLF + CRLF : "{\"candidates\": [");
    } else if (stream && sse) {
      response
          .setChunked(true)
          .putHeader("content-type", "text/event-stream")
          .putHeader("cache-control", "no-cache");
      send(response, GeminiSimAnswers.events(answer), scenario, 0);
    } else if (stream) {
      // Without alt=sse Gemini streams one JSON array; the simulator sends it at once.
      response
          .putHeader("content-type", "application/json")
          .end("[" + String.join("," + CRLF, GeminiSimAnswers.events(answer)) + "]");
    } else if (scenario == Scenario.BROKEN_STREAM) {
      response
          .putHeader("content-type", "application/json")
          .setChunked(true)
          .write(
              "{\"candidates\": [{\"content\": {\"role\": \"model\", \"parts\": [{\"text\": \"Th");
      response.reset();
    } else {
      response
          .putHeader("content-type", "application/json")
          .end(GeminiSimAnswers.complete(answer).toString());
    }
  }

  /**
   * Sends events from {@code index} on, paced like {@link SimStream}; CRLF framed, no terminator.
   */
  private void send(
      HttpServerResponse response, List<String> events, Scenario scenario, int index) {
    long delay = settings.tokensPerSecond() <= 0 ? 0 : (long) (1000 / settings.tokensPerSecond());
    for (int i = index; ; i++) {
      if (response.closed()) {
        return;
      }
      int cut = Math.max(1, Math.min(2, events.size() - 1));
      if (scenario == Scenario.BROKEN_STREAM && i == cut) {
        response.reset(); // cut the connection mid-stream
        return;
      }
      if (scenario == Scenario.ERROR_EVENT && i == cut) {
        response.end(
            "data: {\"error\":{\"code\":500,\"message\":\"The simulated model failed "
                + "mid-answer.\",\"status\":\"INTERNAL\"}}"
                + CRLF
                + CRLF);
        return;
      }
      if (i >= events.size()) {
        response.end();
        return;
      }
      response.write("data: " + events.get(i) + CRLF + CRLF);
      if (delay > 0) {
        int next = i + 1;
        vertx.setTimer(delay, id -> send(response, events, scenario, next));
        return;
      }
    }
  }

  private boolean failEarly(HttpServerResponse response, Scenario scenario, long promptTokens) {
    boolean flaky =
        scenario == Scenario.FLAKY && random.nextDouble() < 0.5
            || scenario == Scenario.NORMAL && random.nextDouble() < settings.failureRate();
    switch (scenario) {
      case DOWN ->
          error(
              response,
              500,
              "INTERNAL",
              "An internal error has occurred. Please retry or report in "
                  + "https://developers.generativeai.google/guide/troubleshooting",
              null);
      case RATE_LIMITED -> {
        ArrayNode details = NODES.arrayNode();
        details
            .addObject()
            .put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
            .putArray("violations")
            .addObject()
            .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_requests");
        details
            .addObject()
            .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
            .put("retryDelay", "1s");
        error(
            response,
            429,
            "RESOURCE_EXHAUSTED",
            "You exceeded your current quota, please check your plan and billing details. "
                + "Please retry in 1s.",
            details);
      }
      case OVERLOADED ->
          error(
              response,
              503,
              "UNAVAILABLE",
              "The model is overloaded. Please try again later.",
              null);
      case BAD_KEY -> badKey(response);
      case SMALL_CONTEXT -> {
        if (promptTokens <= 50) {
          return false;
        }
        error(
            response,
            400,
            "INVALID_ARGUMENT",
            "The input token count ("
                + promptTokens
                + ") exceeds the maximum number of tokens allowed (50).",
            null);
      }
      default -> {
        if (!flaky) {
          return false;
        }
        error(response, 500, "INTERNAL", "The simulated provider failed (flaky).", null);
      }
    }
    return true;
  }

  private boolean keyed(RoutingContext ctx) {
    String header = ctx.request().getHeader("x-goog-api-key");
    String query = ctx.request().getParam("key");
    if ((header == null || header.isBlank()) && (query == null || query.isBlank())) {
      badKey(ctx.response());
      return false;
    }
    return true;
  }

  private void embeddings(RoutingContext ctx, JsonNode body) {
    ObjectNode out = NODES.objectNode();
    ArrayNode embeddings = out.putArray("embeddings");
    for (JsonNode request : body.path("requests")) {
      StringBuilder text = new StringBuilder();
      request.path("content").path("parts").forEach(p -> text.append(p.path("text").asText("")));
      ArrayNode values = embeddings.addObject().putArray("values");
      for (float f :
          SimAnswer.vector(text.toString(), request.path("outputDimensionality").asInt(8))) {
        values.add(f);
      }
    }
    ctx.response().putHeader("content-type", "application/json").end(out.toString());
  }

  private void models(RoutingContext ctx) {
    if (!keyed(ctx)) {
      return;
    }
    ObjectNode out = NODES.objectNode();
    ArrayNode models = out.putArray("models");
    List<String> names = new java.util.ArrayList<>(List.of("gemini-2.5-flash", "gemini-2.5-pro"));
    for (Scenario s : Scenario.values()) {
      if (s != Scenario.NORMAL) {
        names.add(s.slug());
      }
    }
    for (String name : names) {
      ObjectNode m = models.addObject();
      m.put("name", "models/" + name);
      m.put("displayName", "Simulated " + name);
      m.put("inputTokenLimit", 1048576);
      m.put("outputTokenLimit", 65536);
      m.putArray("supportedGenerationMethods").add("generateContent").add("countTokens");
    }
    ObjectNode embedding = models.addObject();
    embedding.put("name", "models/text-embedding-004");
    embedding.putArray("supportedGenerationMethods").add("embedContent").add("batchEmbedContents");
    ctx.response().putHeader("content-type", "application/json").end(out.toString());
  }

  private static void badKey(HttpServerResponse response) {
    ArrayNode details = NODES.arrayNode();
    ObjectNode info = details.addObject();
    info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
    info.put("reason", "API_KEY_INVALID");
    info.put("domain", "googleapis.com");
    info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
    error(
        response,
        400,
        "INVALID_ARGUMENT",
        "API key not valid. Please pass a valid API key.",
        details);
  }

  /** Gemini's error envelope (wire-formats §5.5). */
  static void error(
      HttpServerResponse response, int code, String status, String message, ArrayNode details) {
    ObjectNode root = NODES.objectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error.put("status", status);
    if (details != null) {
      error.set("details", details);
    }
    response.setStatusCode(code).putHeader("content-type", "application/json").end(root.toString());
  }
}
