package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.random.RandomGenerator;
import switchboard.pipeline.GatewayException;
import switchboard.wire.openai.RequestReader;
import switchboard.wire.responses.ResponseShell;
import switchboard.wire.responses.ResponsesReader;
import switchboard.wire.responses.ResponsesRequest;

/**
 * The built-in simulated OpenAI-format provider, served over real HTTP under {@code /sim/v1} so the
 * gateway's whole path (transport, SSE parsing, failover) runs in demo mode and in tests. Behaviour
 * comes from {@link SimSettings} and the model name ({@link Scenario}).
 */
public final class Simulator {

  /** The path prefix the simulator is mounted at. */
  public static final String PATH = "/sim/v1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Vertx vertx;
  private final SimSettings settings;
  private final RandomGenerator random;

  public Simulator(Vertx vertx, SimSettings settings, RandomGenerator random) {
    this.vertx = vertx;
    this.settings = settings;
    this.random = random;
  }

  /** Model names listed by {@code /v1/models}; any other {@code sim/...} name works too. */
  public static List<String> models() {
    List<String> out = new java.util.ArrayList<>(List.of("gpt-4o-mini", "echo", "embedding"));
    for (Scenario s : Scenario.values()) {
      if (s != Scenario.NORMAL) {
        out.add(s.slug());
      }
    }
    return out;
  }

  public void mount(Router router) {
    router.post(PATH + "/chat/completions").handler(BodyHandler.create(false)).handler(this::chat);
    router.post(PATH + "/embeddings").handler(BodyHandler.create(false)).handler(this::embeddings);
    router.post(PATH + "/responses").handler(BodyHandler.create(false)).handler(this::responses);
  }

  /** The Responses API: the same answers as chat, in Responses' format ({@link SimResponses}). */
  private void responses(RoutingContext ctx) {
    ResponsesRequest request;
    try {
      request = ResponsesReader.read(RequestReader.object(ctx.body().buffer()));
    } catch (GatewayException e) {
      error(ctx.response(), 400, "invalid_request_error", null, e.getMessage());
      return;
    }
    String model = request.canonical().model();
    Scenario scenario = Scenario.of(model);
    SimAnswer answer = SimAnswer.of(request.canonical().body(), model);
    if (failEarly(ctx.response(), scenario, answer)) {
      return;
    }
    if (scenario == Scenario.HANG) {
      return;
    }
    ResponseShell shell = ResponseShell.of(ResponseShell.newId(), 1767225600L, request);
    SimTiming.after(
        vertx,
        SimTiming.firstTokenDelay(settings, scenario, model),
        () -> {
          if (ctx.response().closed()) {
            return;
          }
          if (scenario == Scenario.GARBAGE) {
            ctx.response().putHeader("content-type", "application/json").end("{\"id\": \"resp_");
          } else if (request.canonical().stream()) {
            SimResponses.stream(
                vertx, ctx.response(), answer, shell, settings.tokensPerSecond(), scenario);
          } else {
            ctx.response()
                .putHeader("content-type", "application/json")
                .end(SimResponses.complete(answer, shell).toString());
          }
        });
  }

  private void chat(RoutingContext ctx) {
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body().buffer().getBytes());
    } catch (Exception e) {
      error(ctx.response(), 400, "invalid_request_error", null, "Invalid JSON body.");
      return;
    }
    String model = body.path("model").asText("");
    Scenario scenario = Scenario.of(model);
    SimAnswer answer = SimAnswer.of(body, model);
    if (failEarly(ctx.response(), scenario, answer)) {
      return;
    }
    long delay = SimTiming.firstTokenDelay(settings, scenario, model);
    if (scenario == Scenario.HANG) {
      return; // never answer; the gateway's timeouts must cope
    }
    boolean stream = body.path("stream").asBoolean(false);
    boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
    SimTiming.after(
        vertx,
        delay,
        () -> {
          if (ctx.response().closed()) {
            return;
          }
          if (scenario == Scenario.GARBAGE) {
            ctx.response()
                .putHeader("content-type", stream ? "text/event-stream" : "application/json")
                .end(
                    stream ? "data: {\"id\": oops\n\n" : "{\"id\": \"chatcmpl-x\", \"choices\": [");
          } else if (stream) {
            new SimStream(
                    vertx, ctx.response(), answer, settings.tokensPerSecond(), usage, scenario)
                .start();
          } else if (scenario == Scenario.BROKEN_STREAM) {
            ctx.response()
                .putHeader("content-type", "application/json")
                .setChunked(true)
                .write("{\"id\":\"chatcmpl-sim\",\"object\":\"chat.");
            ctx.response().reset();
          } else {
            ctx.response()
                .putHeader("content-type", "application/json")
                .end(answer.completion().toString());
          }
        });
  }

  private boolean failEarly(HttpServerResponse response, Scenario scenario, SimAnswer answer) {
    boolean flaky =
        scenario == Scenario.FLAKY && random.nextDouble() < 0.5
            || scenario == Scenario.NORMAL && random.nextDouble() < settings.failureRate();
    switch (scenario) {
      case DOWN -> error(response, 503, "server_error", null, "The simulated provider is down.");
      case RATE_LIMITED -> {
        response.putHeader("retry-after", "1");
        response.putHeader("x-ratelimit-remaining-requests", "0");
        error(
            response,
            429,
            "requests",
            "rate_limit_exceeded",
            "Rate limit reached for the simulated model. Please try again in 1s.");
      }
      case OVERLOADED -> error(response, 529, "overloaded_error", null, "Overloaded");
      case BAD_KEY ->
          error(
              response,
              401,
              "invalid_request_error",
              "invalid_api_key",
              "Incorrect API key provided.");
      case SMALL_CONTEXT -> {
        if (answer.promptTokens() <= 50) {
          return false;
        }
        error(
            response,
            400,
            "invalid_request_error",
            "context_length_exceeded",
            "This model's maximum context length is 50 tokens. However, your messages resulted in "
                + answer.promptTokens()
                + " tokens.");
      }
      default -> {
        if (!flaky) {
          return false;
        }
        error(response, 503, "server_error", null, "The simulated provider failed (flaky).");
      }
    }
    return true;
  }

  private void embeddings(RoutingContext ctx) {
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body().buffer().getBytes());
    } catch (Exception e) {
      error(ctx.response(), 400, "invalid_request_error", null, "Invalid JSON body.");
      return;
    }
    Scenario scenario = Scenario.of(body.path("model").asText(""));
    if (failEarly(ctx.response(), scenario, SimAnswer.of(NODES.objectNode(), ""))) {
      return;
    }
    ObjectNode out = NODES.objectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    JsonNode input = body.get("input");
    List<String> inputs = new java.util.ArrayList<>();
    if (input != null && input.isArray()) {
      input.forEach(i -> inputs.add(i.toString()));
    } else {
      inputs.add(input == null ? "" : input.asText());
    }
    int dims = body.path("dimensions").asInt(8);
    boolean base64 = "base64".equals(body.path("encoding_format").asText());
    long tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      float[] vector = SimAnswer.vector(inputs.get(i), dims);
      tokens += Math.max(1, inputs.get(i).length() / 4);
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      if (base64) {
        java.nio.ByteBuffer bytes =
            java.nio.ByteBuffer.allocate(dims * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
          bytes.putFloat(f);
        }
        item.put("embedding", java.util.Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float f : vector) {
          values.add(f);
        }
      }
    }
    out.put("model", body.path("model").asText());
    ObjectNode usage = out.putObject("usage");
    usage.put("prompt_tokens", tokens);
    usage.put("total_tokens", tokens);
    ctx.response().putHeader("content-type", "application/json").end(out.toString());
  }

  static void error(
      HttpServerResponse response, int status, String type, String code, String message) {
    ObjectNode root = NODES.objectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(Buffer.buffer(root.toString()));
  }
}
