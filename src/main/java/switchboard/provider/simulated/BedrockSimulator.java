package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * A simulated Bedrock runtime speaking Converse natively under {@code /sim/bedrock}: {@code POST
 * /model/<url-encoded id>/converse} answers JSON, {@code /converse-stream} answers the binary event
 * stream, paced like {@link SimStream}. Answers come from {@link SimAnswer}; the model id picks a
 * {@link Scenario}, whose failures take Bedrock's own shapes ({@code x-amzn-ErrorType} and {@code
 * {"message":…}}).
 *
 * <p>Requests need a SigV4 {@code Authorization} header and {@code x-amz-date}; when signed with
 * {@link #ACCESS_KEY_ID} the signature is verified for real against {@link #SECRET_ACCESS_KEY}.
 */
public final class BedrockSimulator {

  /** The path prefix the simulator is mounted at. */
  public static final String PATH = "/sim/bedrock";

  /** The access key id whose signatures the simulator verifies. */
  public static final String ACCESS_KEY_ID = "AKIDSIMULATOR";

  /** The secret that goes with {@link #ACCESS_KEY_ID}. */
  public static final String SECRET_ACCESS_KEY = "sim/secret/access/key";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Vertx vertx;
  private final SimSettings settings;
  private final RandomGenerator random;

  public BedrockSimulator(Vertx vertx, SimSettings settings, RandomGenerator random) {
    this.vertx = vertx;
    this.settings = settings;
    this.random = random;
  }

  public void mount(Router router) {
    router.post(PATH + "/model/*").handler(BodyHandler.create(false)).handler(this::converse);
  }

  private void converse(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    String rest = request.path().substring((PATH + "/model/").length());
    int slash = rest.lastIndexOf('/');
    String operation = slash < 0 ? "" : rest.substring(slash + 1);
    if (!operation.equals("converse") && !operation.equals("converse-stream")) {
      error(response, 404, "UnknownOperationException", "Unknown operation " + operation + ".");
      return;
    }
    String model =
        URLDecoder.decode(rest.substring(0, slash).replace("+", "%2B"), StandardCharsets.UTF_8);
    Buffer bytes = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    if (!SimSignature.check(request, bytes, response)) {
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(bytes.getBytes());
      if (body == null || !body.path("messages").isArray()) {
        throw new IllegalArgumentException("no messages");
      }
    } catch (Exception e) {
      error(
          response,
          400,
          "ValidationException",
          "Malformed input request, please reformat your input and try again.");
      return;
    }
    Scenario scenario = Scenario.of(model);
    SimAnswer answer = SimAnswer.of(openAiView(body), model);
    if (failEarly(response, scenario, answer)) {
      return;
    }
    long delay = SimTiming.firstTokenDelay(settings, scenario, model);
    if (scenario == Scenario.HANG) {
      return;
    }
    boolean stream = operation.equals("converse-stream");
    long latencyMs = delay;
    SimTiming.after(
        vertx,
        delay,
        () -> {
          if (response.closed()) {
            return;
          }
          response.putHeader(
              "x-amzn-RequestId", "sim-" + Integer.toHexString(answer.id().hashCode()));
          if (scenario == Scenario.GARBAGE) {
            response
                .putHeader(
                    "content-type",
                    stream ? "application/vnd.amazon.eventstream" : "application/json")
                .end(
                    stream
                        ? "this is not an event stream, not at all"
                        : "{\"output\": {\"message\": ");
          } else if (stream) {
            new BedrockSimStream(
                    vertx, response, answer, settings.tokensPerSecond(), scenario, latencyMs)
                .start();
          } else if (scenario == Scenario.BROKEN_STREAM) {
            response
                .putHeader("content-type", "application/json")
                .setChunked(true)
                .write("{\"output\":{\"mess");
            response.reset();
          } else {
            response
                .putHeader("content-type", "application/json")
                .end(BedrockSimStream.converseAnswer(answer, latencyMs).toString());
          }
        });
  }

  /** The Converse request as the OpenAI-shaped view {@link SimAnswer} reads. */
  static ObjectNode openAiView(JsonNode converse) {
    ObjectNode view = NODES.objectNode();
    ArrayNode messages = view.putArray("messages");
    for (JsonNode message : converse.path("messages")) {
      StringBuilder text = new StringBuilder();
      boolean toolResult = false;
      for (JsonNode block : message.path("content")) {
        if (block.has("toolResult")) {
          toolResult = true;
          for (JsonNode part : block.get("toolResult").path("content")) {
            text.append(
                part.has("json") ? part.get("json").toString() : part.path("text").asText(""));
          }
        } else {
          text.append(block.path("text").asText(""));
        }
      }
      messages
          .addObject()
          .put("role", toolResult ? "tool" : message.path("role").asText("user"))
          .put("content", text.toString());
    }
    ArrayNode tools = view.putArray("tools");
    for (JsonNode tool : converse.path("toolConfig").path("tools")) {
      tools
          .addObject()
          .put("type", "function")
          .putObject("function")
          .put("name", tool.path("toolSpec").path("name").asText("tool"));
    }
    return view;
  }

  private boolean failEarly(HttpServerResponse response, Scenario scenario, SimAnswer answer) {
    boolean flaky =
        scenario == Scenario.FLAKY && random.nextDouble() < 0.5
            || scenario == Scenario.NORMAL && random.nextDouble() < settings.failureRate();
    switch (scenario) {
      case DOWN ->
          error(response, 500, "InternalServerException", "The simulated Bedrock runtime is down.");
      case RATE_LIMITED ->
          error(
              response,
              429,
              "ThrottlingException",
              "Too many requests, please wait before trying again.");
      case OVERLOADED ->
          error(
              response,
              503,
              "ServiceUnavailableException",
              "The service is temporarily unable to handle the request.");
      case BAD_KEY ->
          error(
              response,
              403,
              "UnrecognizedClientException",
              "The security token included in the request is invalid.");
      case SMALL_CONTEXT -> {
        if (answer.promptTokens() <= 50) {
          return false;
        }
        error(response, 400, "ValidationException", "Input is too long for requested model.");
      }
      default -> {
        if (!flaky) {
          return false;
        }
        error(
            response,
            503,
            "ServiceUnavailableException",
            "The simulated Bedrock runtime failed (flaky).");
      }
    }
    return true;
  }

  /** An error in Bedrock's shape: status, {@code x-amzn-ErrorType}, {@code {"message": …}}. */
  static void error(HttpServerResponse response, int status, String type, String message) {
    response
        .setStatusCode(status)
        .putHeader(
            "x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        .putHeader("content-type", "application/json")
        .end(NODES.objectNode().put("message", message).toString());
  }
}
