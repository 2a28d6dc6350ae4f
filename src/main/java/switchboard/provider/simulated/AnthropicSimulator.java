package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A simulated Anthropic upstream speaking the Messages API natively (wire-formats §3), served over
 * real HTTP under {@value #PATH} ({@code POST /v1/messages}, {@code GET /v1/models}), so the
 * Anthropic adapter runs its whole path in demo mode and tests. It answers like {@link Simulator}
 * ({@link SimAnswer}: a quote of the last user message, or a call of the first tool) and plays the
 * {@link Scenario} the model name asks for with Anthropic's own statuses and error bodies. It
 * requires {@code x-api-key} (or a bearer token) and {@code anthropic-version}.
 */
public final class AnthropicSimulator {

  /** The path prefix; point an Anthropic provider's base URL here. */
  public static final String PATH = "/sim/anthropic";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> MODELS = List.of("claude-sim-sonnet", "claude-sim-haiku");

  private final Vertx vertx;
  private final SimSettings settings;
  private final RandomGenerator random;

  public AnthropicSimulator(Vertx vertx, SimSettings settings, RandomGenerator random) {
    this.vertx = vertx;
    this.settings = settings;
    this.random = random;
  }

  /** Mounts {@code POST PATH/v1/messages} and {@code GET PATH/v1/models} on {@code router}. */
  public void mount(Router router) {
    router.post(PATH + "/v1/messages").handler(BodyHandler.create(false)).handler(this::messages);
    router.get(PATH + "/v1/models").handler(this::models);
  }

  private void messages(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (!authorised(ctx.request(), response)) {
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body().buffer().getBytes());
    } catch (Exception e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      error(response, 400, "invalid_request_error", "The request body is not valid JSON.");
      return;
    }
    String missing =
        !body.path("model").isTextual()
            ? "model"
            : !body.path("max_tokens").canConvertToInt()
                ? "max_tokens"
                : !body.path("messages").isArray() || body.get("messages").isEmpty()
                    ? "messages"
                    : null;
    if (missing != null) {
      error(response, 400, "invalid_request_error", missing + ": Field required");
      return;
    }
    String model = body.get("model").asText();
    Scenario scenario = Scenario.of(model);
    AnthropicSimAnswer answer = new AnthropicSimAnswer(body, model);
    if (failEarly(response, scenario, answer.base())) {
      return;
    }
    long delay = SimTiming.firstTokenDelay(settings, scenario, model);
    if (scenario == Scenario.HANG) {
      return; // never answer; the gateway's timeouts must cope
    }
    boolean stream = body.path("stream").asBoolean(false);
    SimTiming.after(vertx, delay, () -> answer(response, scenario, answer, stream));
  }

  private void answer(
      HttpServerResponse response, Scenario scenario, AnthropicSimAnswer answer, boolean stream) {
    if (response.closed()) {
      return;
    }
    response.putHeader("request-id", "req_" + answer.base().id());
    if (scenario == Scenario.GARBAGE) {
      response
          .putHeader("content-type", stream ? "text/event-stream" : "application/json")
          .end(
              stream
                  ? "event: message_start\ndata: {\"type\": oops\n\n"
                  : "{\"id\": \"msg_x\", \"content\": [");
    } else if (stream) {
      new AnthropicSimStream(vertx, response, answer, settings.tokensPerSecond(), scenario).start();
    } else if (scenario == Scenario.BROKEN_STREAM) {
      response
          .putHeader("content-type", "application/json")
          .setChunked(true)
          .write("{\"id\":\"msg_sim\",\"type\":\"mess");
      response.reset();
    } else {
      response.putHeader("content-type", "application/json").end(answer.message().toString());
    }
  }

  private static boolean authorised(HttpServerRequest request, HttpServerResponse response) {
    String key = request.getHeader("x-api-key");
    String bearer = request.getHeader("authorization");
    if ((key == null || key.isBlank())
        && (bearer == null || !bearer.regionMatches(true, 0, "Bearer ", 0, 7))) {
      error(response, 401, "authentication_error", "x-api-key header is required");
      return false;
    }
    if (request.getHeader("anthropic-version") == null) {
      error(response, 400, "invalid_request_error", "anthropic-version: header is required");
      return false;
    }
    return true;
  }

  private boolean failEarly(HttpServerResponse response, Scenario scenario, SimAnswer answer) {
    boolean flaky =
        scenario == Scenario.FLAKY && random.nextDouble() < 0.5
            || scenario == Scenario.NORMAL && random.nextDouble() < settings.failureRate();
    switch (scenario) {
      case DOWN -> error(response, 500, "api_error", "Internal server error");
      case RATE_LIMITED -> {
        response.putHeader("retry-after", "1");
        response.putHeader("anthropic-ratelimit-requests-remaining", "0");
        error(
            response,
            429,
            "rate_limit_error",
            "This request would exceed the rate limit for "
                + "your organization of 50 requests per minute. Please retry after 1 second.");
      }
      case OVERLOADED -> error(response, 529, "overloaded_error", "Overloaded");
      case BAD_KEY -> error(response, 401, "authentication_error", "invalid x-api-key");
      case SMALL_CONTEXT -> {
        if (answer.promptTokens() <= 50) {
          return false;
        }
        error(
            response,
            400,
            "invalid_request_error",
            "prompt is too long: " + answer.promptTokens() + " tokens > 50 maximum");
      }
      default -> {
        if (!flaky) {
          return false;
        }
        error(response, 500, "api_error", "Internal server error (flaky simulated provider)");
      }
    }
    return true;
  }

  private void models(RoutingContext ctx) {
    if (!authorised(ctx.request(), ctx.response())) {
      return;
    }
    ObjectNode out = NODES.objectNode();
    ArrayNode data = out.putArray("data");
    for (String id : MODELS) {
      data.addObject()
          .put("type", "model")
          .put("id", id)
          .put("display_name", id)
          .put("created_at", "2026-01-01T00:00:00Z");
    }
    out.put("has_more", false);
    out.put("first_id", MODELS.get(0));
    out.put("last_id", MODELS.get(MODELS.size() - 1));
    ctx.response().putHeader("content-type", "application/json").end(out.toString());
  }

  /** Anthropic's error envelope, with a request id as the real API sends. */
  static void error(HttpServerResponse response, int status, String type, String message) {
    ObjectNode root = NODES.objectNode();
    root.put("type", "error");
    root.putObject("error").put("type", type).put("message", message);
    root.put("request_id", "req_sim_error");
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("request-id", "req_sim_error")
        .end(root.toString());
  }
}
