package switchboard.provider.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.provider.Failure;
import switchboard.provider.ProviderConfig;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.provider.anthropic.AnthropicProvider;
import switchboard.wire.StreamDecoder;

/**
 * The Anthropic provider against the Anthropic simulator over loopback HTTP: prepared requests are
 * accepted, streamed answers decode to the same message as complete ones, and the scenarios
 * classify as they should.
 */
class AnthropicSimulatorIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static Vertx vertx;
  static HttpServer server;
  static HttpClient client;
  static AnthropicProvider provider;
  static String base;

  record Answer(int status, MultiMap headers, Buffer body) {}

  /** Everything a decoder reported for one stream. */
  static final class Collected implements StreamDecoder.Out {
    final List<ObjectNode> chunks = new ArrayList<>();
    final List<JsonNode> errors = new ArrayList<>();
    final List<String> malformed = new ArrayList<>();
    int frames;
    boolean done;
    boolean cleanEnd;

    @Override
    public void chunk(ObjectNode chunk) {
      chunks.add(chunk);
    }

    @Override
    public void frame(Buffer raw) {
      frames++;
    }

    @Override
    public void done() {
      done = true;
    }

    @Override
    public void error(JsonNode error) {
      errors.add(error);
    }

    @Override
    public void malformed(String why) {
      malformed.add(why);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    // tokensPerSecond 200 paces the stream so it arrives in several network reads
    new AnthropicSimulator(vertx, new SimSettings(true, 0, 200, 0), new Random(1)).mount(router);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    client = vertx.createHttpClient();
    base = "http://127.0.0.1:" + server.actualPort() + AnthropicSimulator.PATH;
    provider =
        new AnthropicProvider(
            new ProviderConfig(
                "anthropic", "anthropic", "sk-ant-sim-key", base, null, List.of(), Map.of()),
            model -> 1024);
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Answer send(UpstreamRequest r) throws Exception {
    RequestOptions options = new RequestOptions().setMethod(r.method()).setAbsoluteURI(r.uri());
    r.headers().forEach(options::putHeader);
    return await(
        client
            .request(options)
            .compose(
                req ->
                    req.send(r.body())
                        .compose(
                            resp ->
                                resp.body()
                                    .map(b -> new Answer(resp.statusCode(), resp.headers(), b)))));
  }

  static Collected stream(UpstreamRequest r) throws Exception {
    RequestOptions options = new RequestOptions().setMethod(r.method()).setAbsoluteURI(r.uri());
    r.headers().forEach(options::putHeader);
    StreamDecoder decoder = provider.streamDecoder("sim-model");
    Collected out = new Collected();
    try {
      await(
          client
              .request(options)
              .compose(
                  req ->
                      req.send(r.body())
                          .compose(
                              resp -> {
                                assertThat(resp.statusCode()).isEqualTo(200);
                                resp.handler(bytes -> decoder.feed(bytes, out));
                                return resp.end();
                              })));
      out.cleanEnd = decoder.end(out);
    } catch (java.util.concurrent.ExecutionException reset) {
      out.cleanEnd = false; // the connection was cut
    }
    return out;
  }

  static ObjectNode chat(String model, String json) throws Exception {
    ObjectNode body = (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    body.put("model", model);
    return body;
  }

  /** The parts of a message both forms must agree on, from a complete answer. */
  static ObjectNode summary(ObjectNode completion) {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.set("id", completion.get("id"));
    s.set("model", completion.get("model"));
    JsonNode message = completion.at("/choices/0/message");
    s.set("content", message.get("content"));
    s.set(
        "tool_calls",
        message.has("tool_calls")
            ? message.get("tool_calls")
            : JsonNodeFactory.instance.arrayNode());
    s.set("finish_reason", completion.at("/choices/0/finish_reason"));
    s.set("usage", completion.get("usage"));
    return s;
  }

  /** The same parts, accumulated from stream chunks as an OpenAI SDK's accumulator would. */
  static ObjectNode summary(List<ObjectNode> chunks) {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    StringBuilder content = new StringBuilder();
    boolean anyContent = false;
    TreeMap<Integer, ObjectNode> calls = new TreeMap<>();
    for (ObjectNode chunk : chunks) {
      s.set("id", chunk.get("id"));
      s.set("model", chunk.get("model"));
      if (chunk.has("usage")) {
        s.set("usage", chunk.get("usage"));
      }
      for (JsonNode choice : chunk.path("choices")) {
        JsonNode delta = choice.path("delta");
        if (delta.path("content").isTextual() && !delta.get("content").asText().isEmpty()) {
          content.append(delta.get("content").asText());
          anyContent = true;
        }
        for (JsonNode call : delta.path("tool_calls")) {
          ObjectNode acc =
              calls.computeIfAbsent(
                  call.get("index").asInt(),
                  i -> {
                    ObjectNode c = JsonNodeFactory.instance.objectNode();
                    c.put("id", call.path("id").asText());
                    c.put("type", "function");
                    c.putObject("function")
                        .put("name", call.path("function").path("name").asText())
                        .put("arguments", "");
                    return c;
                  });
          ObjectNode f = (ObjectNode) acc.get("function");
          f.put(
              "arguments",
              f.get("arguments").asText() + call.path("function").path("arguments").asText(""));
        }
        if (choice.hasNonNull("finish_reason")) {
          s.set("finish_reason", choice.get("finish_reason"));
        }
      }
    }
    ArrayNode toolCalls = JsonNodeFactory.instance.arrayNode();
    calls.values().forEach(toolCalls::add);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("id", s.get("id"));
    out.set("model", s.get("model"));
    if (anyContent || toolCalls.isEmpty()) {
      out.put("content", content.toString());
    } else {
      out.putNull("content");
    }
    out.set("tool_calls", toolCalls);
    out.set("finish_reason", s.get("finish_reason"));
    out.set("usage", s.get("usage"));
    return out;
  }

  private static void streamEqualsComplete(ObjectNode request) throws Exception {
    Answer complete = send(provider.chat(request.deepCopy(), request.get("model").asText(), false));
    assertThat(complete.status()).as(complete.body().toString()).isEqualTo(200);
    ObjectNode whole =
        provider.readResponse((ObjectNode) JSON.readTree(complete.body().getBytes()), "sim-model");
    Collected streamed =
        stream(provider.chat(request.deepCopy(), request.get("model").asText(), true));
    assertThat(streamed.done).isTrue();
    assertThat(streamed.cleanEnd).isTrue();
    assertThat(streamed.errors).isEmpty();
    assertThat(streamed.malformed).isEmpty();
    assertThat(streamed.frames).isPositive();
    assertThat(streamed.chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(summary(streamed.chunks)).isEqualTo(summary(whole));
  }

  @Test
  void streamedTextEqualsTheCompleteAnswer() throws Exception {
    ObjectNode request =
        chat(
            "claude-sim-sonnet",
            "{'messages':[{'role':'system','content':"
                + "'Be nice.'},{'role':'user','content':'Hello Anthropic simulator, ça va? 😀'}]}");
    streamEqualsComplete(request);
    ObjectNode whole =
        provider.readResponse(
            (ObjectNode)
                JSON.readTree(
                    send(provider.chat(request.deepCopy(), "claude-sim-sonnet", false))
                        .body()
                        .getBytes()),
            "sim-model");
    assertThat(whole.at("/choices/0/message/content").asText()).contains("ça va? 😀");
    assertThat(whole.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(whole.at("/usage/completion_tokens").asLong()).isPositive();
  }

  @Test
  void streamedToolCallEqualsTheCompleteAnswer() throws Exception {
    ObjectNode request =
        chat(
            "claude-sim-sonnet",
            "{'messages':[{'role':'user','content':"
                + "'Weather in Paris?'}],'tools':[{'type':'function','function':{'name':'get_weather',"
                + "'parameters':{'type':'object','properties':{'input':{'type':'string'}}}}}]}");
    streamEqualsComplete(request);
    ObjectNode whole =
        provider.readResponse(
            (ObjectNode)
                JSON.readTree(
                    send(provider.chat(request.deepCopy(), "claude-sim-sonnet", false))
                        .body()
                        .getBytes()),
            "sim-model");
    assertThat(whole.at("/choices/0/message/tool_calls/0/function/name").asText())
        .isEqualTo("get_weather");
    assertThat(
            JSON.readTree(whole.at("/choices/0/message/tool_calls/0/function/arguments").asText())
                .get("input")
                .asText())
        .isEqualTo("Weather in Paris?");
    assertThat(whole.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
  }

  @Test
  void aToolResultIsAnswered() throws Exception {
    ObjectNode request =
        chat(
            "claude-sim-sonnet",
            "{'messages':[{'role':'user','content':'Weather?'},"
                + "{'role':'assistant','content':null,'tool_calls':[{'id':'toolu_1','type':'function',"
                + "'function':{'name':'get_weather','arguments':'{}'}}]},{'role':'tool','tool_call_id':"
                + "'toolu_1','content':'21°C'}],'tools':[{'type':'function','function':{'name':'get_weather'}}]}");
    streamEqualsComplete(request);
    ObjectNode whole =
        provider.readResponse(
            (ObjectNode)
                JSON.readTree(
                    send(provider.chat(request.deepCopy(), "claude-sim-sonnet", false))
                        .body()
                        .getBytes()),
            "sim-model");
    assertThat(whole.at("/choices/0/message/content").asText()).contains("21°C");
  }

  @Test
  void maxTokensCutsTheAnswer() throws Exception {
    ObjectNode request =
        chat(
            "claude-sim-haiku",
            "{'max_tokens':2,'messages':[{'role':'user',"
                + "'content':'one two three four five'}]}");
    streamEqualsComplete(request);
    Answer a = send(provider.chat(request.deepCopy(), "claude-sim-haiku", false));
    assertThat(
            provider
                .readResponse((ObjectNode) JSON.readTree(a.body().getBytes()), "sim-model")
                .at("/choices/0/finish_reason")
                .asText())
        .isEqualTo("length");
  }

  private static UpstreamError failing(String model, String prompt) throws Exception {
    Answer a =
        send(
            provider.chat(
                chat(model, "{'messages':[{'role':'user','content':'" + prompt + "'}]}"),
                model,
                false));
    assertThat(a.status()).isGreaterThanOrEqualTo(400);
    assertThat(JSON.readTree(a.body().getBytes()).get("type").asText()).isEqualTo("error");
    return provider.classify(a.status(), a.headers(), a.body());
  }

  @Test
  void scenariosAnswerWithAnthropicErrors() throws Exception {
    UpstreamError limited = failing("rate-limited", "hi");
    assertThat(limited.failure()).isEqualTo(Failure.RATE_LIMITED);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(failing("overloaded", "hi").failure()).isEqualTo(Failure.OVERLOADED);
    assertThat(failing("overloaded", "hi").status()).isEqualTo(529);
    assertThat(failing("bad-key", "hi").failure()).isEqualTo(Failure.KEY_REJECTED);
    assertThat(failing("down", "hi").failure()).isEqualTo(Failure.SERVER_ERROR);
    UpstreamError tooLong = failing("small-context", "word ".repeat(100));
    assertThat(tooLong.failure()).isEqualTo(Failure.CONTEXT_LENGTH);
    assertThat(tooLong.message()).startsWith("prompt is too long: ");
  }

  @Test
  void anErrorEventFollowsSomeContent() throws Exception {
    Collected out =
        stream(
            provider.chat(
                chat(
                    "error-event",
                    "{'messages':[{'role':'user',"
                        + "'content':'Tell me a long story about errors'}]}"),
                "error-event",
                true));
    assertThat(out.chunks).hasSizeGreaterThan(1);
    assertThat(out.errors).hasSize(1);
    assertThat(provider.classifyInBand(out.errors.get(0)).failure()).isEqualTo(Failure.OVERLOADED);
    assertThat(out.done).isFalse();
  }

  @Test
  void aBrokenStreamIsCut() throws Exception {
    Collected out =
        stream(
            provider.chat(
                chat(
                    "broken-stream",
                    "{'messages':[{'role':'user',"
                        + "'content':'Tell me a long story about broken streams'}]}"),
                "broken-stream",
                true));
    assertThat(out.done).isFalse();
    assertThat(out.chunks).isNotEmpty();
  }

  @Test
  void keyAndVersionAreRequired() throws Exception {
    UpstreamRequest r =
        provider.chat(chat("m", "{'messages':[{'role':'user','content':'x'}]}"), "m", false);
    Map<String, String> noKey = new java.util.HashMap<>(r.headers());
    noKey.remove("x-api-key");
    Answer a = send(new UpstreamRequest(r.method(), r.uri(), noKey, r.body()));
    assertThat(a.status()).isEqualTo(401);
    assertThat(JSON.readTree(a.body().getBytes()).at("/error/type").asText())
        .isEqualTo("authentication_error");
    Map<String, String> bearer = new java.util.HashMap<>(noKey);
    bearer.put("authorization", "Bearer sk-ant-oauth");
    assertThat(send(new UpstreamRequest(r.method(), r.uri(), bearer, r.body())).status())
        .isEqualTo(200);
    Map<String, String> noVersion = new java.util.HashMap<>(r.headers());
    noVersion.remove("anthropic-version");
    Answer v = send(new UpstreamRequest(r.method(), r.uri(), noVersion, r.body()));
    assertThat(v.status()).isEqualTo(400);
    assertThat(JSON.readTree(v.body().getBytes()).at("/error/type").asText())
        .isEqualTo("invalid_request_error");
  }

  @Test
  void modelsAreListed() throws Exception {
    Answer a = send(provider.listModels());
    assertThat(a.status()).isEqualTo(200);
    assertThat(provider.readModels(a.body())).contains("claude-sim-sonnet");
  }
}
