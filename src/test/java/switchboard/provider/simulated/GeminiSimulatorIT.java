package switchboard.provider.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.provider.Failure;
import switchboard.provider.ProviderConfig;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.provider.google.GeminiProvider;
import switchboard.wire.StreamDecoder;
import switchboard.wire.gemini.ChunkAccumulator;

/** The Gemini provider against the simulated Gemini API over real HTTP on a loopback port. */
class GeminiSimulatorIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static Vertx vertx;
  static HttpServer server;
  static HttpClient client;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new GeminiSimulator(vertx, new SimSettings(true, 0, 400, 0), new Random(1)).mount(router);
    server = get(vertx.createHttpServer().requestHandler(router).listen(0));
    client = vertx.createHttpClient();
    base = "http://127.0.0.1:" + server.actualPort() + GeminiSimulator.PATH;
  }

  @AfterAll
  static void stop() throws Exception {
    get(vertx.close());
  }

  static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static GeminiProvider provider(String key) {
    return new GeminiProvider(
        new ProviderConfig("google", "google", key, base, null, List.of(), Map.of()),
        Clock.fixed(Instant.ofEpochSecond(1767225600L), ZoneOffset.UTC));
  }

  record Answer(int status, MultiMap headers, Buffer body) {}

  /**
   * Sends a prepared request; a 200 body also goes through {@code decoder}, in 7-byte pieces so
   * events straddle feeds.
   */
  static Answer send(UpstreamRequest r, StreamDecoder decoder, StreamDecoder.Out out)
      throws Exception {
    RequestOptions options = new RequestOptions().setMethod(r.method()).setAbsoluteURI(r.uri());
    r.headers().forEach(options::putHeader);
    Answer a =
        get(
            client
                .request(options)
                // body() inside send()'s own callback: on a flat chain the response could be
                // handed over a turn later, after its bytes were gone.
                .compose(
                    req ->
                        (r.body().length() == 0 ? req.send() : req.send(r.body()))
                            .compose(
                                resp ->
                                    resp.body()
                                        .map(
                                            body ->
                                                new Answer(
                                                    resp.statusCode(), resp.headers(), body)))));
    if (decoder != null && a.status() == 200) {
      for (int i = 0; i < a.body().length(); i += 7) {
        decoder.feed(a.body().getBuffer(i, Math.min(a.body().length(), i + 7)), out);
      }
    }
    return a;
  }

  static final class Collect implements StreamDecoder.Out {
    final List<ObjectNode> chunks = new ArrayList<>();
    final List<JsonNode> errors = new ArrayList<>();
    int frames;
    boolean done;

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
      throw new AssertionError(why);
    }
  }

  static ObjectNode chat(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
  }

  /** The non-streamed and the streamed answer to the same request, both canonical. */
  static ObjectNode[] bothWays(String model, String request) throws Exception {
    GeminiProvider p = provider("sim-key");
    Answer complete = send(p.chat(chat(request), model, false), null, null);
    assertThat(complete.status()).isEqualTo(200);
    ObjectNode whole =
        p.readResponse((ObjectNode) JSON.readTree(complete.body().getBytes()), "sim-model");
    StreamDecoder decoder = p.streamDecoder("sim-model");
    Collect out = new Collect();
    Answer streamed = send(p.chat(chat(request), model, true), decoder, out);
    assertThat(streamed.status()).isEqualTo(200);
    assertThat(streamed.body().toString()).contains("\r\n\r\n").doesNotContain("[DONE]");
    assertThat(decoder.end(out)).isTrue();
    assertThat(out.done).isFalse();
    assertThat(out.frames).isPositive();
    return new ObjectNode[] {whole, ChunkAccumulator.accumulate(out.chunks)};
  }

  @Test
  void streamedTextEqualsTheCompleteAnswer() throws Exception {
    ObjectNode[] answers =
        bothWays(
            "gemini-2.5-flash",
            "{'messages':[{'role':'system','content':'Be brief.'},{'role':'user','content':'Hello Gémini 🌍'}]}");
    assertThat(answers[1]).isEqualTo(answers[0]);
    assertThat(answers[0].at("/choices/0/message/content").asText()).contains("Hello Gémini 🌍");
    assertThat(answers[0].at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(answers[0].at("/usage/completion_tokens").asLong()).isPositive();
    assertThat(answers[0].get("model").asText()).isEqualTo("gemini-2.5-flash");
  }

  @Test
  void streamedFunctionCallEqualsTheCompleteAnswerAndTheResultRoundTrips() throws Exception {
    String request =
        "{'messages':[{'role':'user','content':'Weather in Paris?'}],'tools':[{'type':'function',"
            + "'function':{'name':'get_weather','parameters':{'type':'object','additionalProperties':false,"
            + "'properties':{'input':{'type':'string'}}}}}]}";
    ObjectNode[] answers = bothWays("gemini-2.5-flash", request);
    assertThat(answers[1]).isEqualTo(answers[0]);
    JsonNode call = answers[0].at("/choices/0/message/tool_calls/0");
    assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(answers[0].at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");

    ObjectNode next = chat(request);
    next.withArray("messages").add(answers[0].at("/choices/0/message"));
    next.withArray("messages")
        .addObject()
        .put("role", "tool")
        .put("tool_call_id", call.path("id").asText())
        .put("content", "21°C");
    ObjectNode[] after = bothWays("gemini-2.5-flash", next.toString());
    assertThat(after[1]).isEqualTo(after[0]);
    assertThat(after[0].at("/choices/0/message/content").asText()).contains("21°C");
  }

  @Test
  void theKeyMayComeAsAQueryParameter() throws Exception {
    UpstreamRequest r =
        provider("")
            .chat(chat("{'messages':[{'role':'user','content':'hi'}]}"), "gemini-2.5-flash", false);
    Answer a =
        send(
            new UpstreamRequest(r.method(), r.uri() + "?key=sim-key", r.headers(), r.body()),
            null,
            null);
    assertThat(a.status()).isEqualTo(200);
  }

  @Test
  void modelsAreListed() throws Exception {
    GeminiProvider p = provider("sim-key");
    Answer list = send(p.listModels(), null, null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(p.readModels(list.body()))
        .contains("gemini-2.5-flash", "rate-limited")
        .doesNotContain("text-embedding-004");
  }

  @Test
  void embeddings() throws Exception {
    GeminiProvider p = provider("sim-key");
    Answer a =
        send(
            p.embeddings(chat("{'input':['a','b'],'dimensions':4}"), "text-embedding-004"),
            null,
            null);
    ObjectNode list =
        GeminiProvider.embeddingsToCanonical((ObjectNode) JSON.readTree(a.body().getBytes()));
    assertThat(list.path("data")).hasSize(2);
    assertThat(list.at("/data/0/embedding")).hasSize(4);
  }

  static UpstreamError fail(String key, String model, String content) throws Exception {
    GeminiProvider p = provider(key);
    Answer a =
        send(
            p.chat(
                chat("{'messages':[{'role':'user','content':'" + content + "'}]}"), model, false),
            null,
            null);
    assertThat(a.status()).isGreaterThanOrEqualTo(400);
    return p.classify(a.status(), a.headers(), a.body());
  }

  @Test
  void scenariosFailWithGeminisOwnErrors() throws Exception {
    assertThat(fail("", "gemini-2.5-flash", "hi").failure()).isEqualTo(Failure.KEY_REJECTED);
    assertThat(fail("k", "bad-key", "hi").failure()).isEqualTo(Failure.KEY_REJECTED);
    UpstreamError limited = fail("k", "rate-limited", "hi");
    assertThat(limited.failure()).isEqualTo(Failure.RATE_LIMITED);
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(fail("k", "overloaded", "hi").failure()).isEqualTo(Failure.OVERLOADED);
    assertThat(fail("k", "down", "hi").failure()).isEqualTo(Failure.SERVER_ERROR);
    assertThat(fail("k", "small-context", "x".repeat(400)).failure())
        .isEqualTo(Failure.CONTEXT_LENGTH);
  }

  @Test
  void errorEventArrivesAfterContentAndBrokenStreamIsUnfinished() throws Exception {
    GeminiProvider p = provider("k");
    StreamDecoder decoder = p.streamDecoder("sim-model");
    Collect out = new Collect();
    send(
        p.chat(
            chat("{'messages':[{'role':'user','content':'tell me more'}]}"), "error-event", true),
        decoder,
        out);
    assertThat(out.chunks).isNotEmpty();
    assertThat(out.errors).hasSize(1);
    assertThat(p.classifyInBand(out.errors.get(0)).failure()).isEqualTo(Failure.SERVER_ERROR);
    assertThat(decoder.end(out)).isFalse();

    StreamDecoder broken = p.streamDecoder("sim-model");
    Collect cut = new Collect();
    try {
      send(
          p.chat(
              chat("{'messages':[{'role':'user','content':'tell me more'}]}"),
              "broken-stream",
              true),
          broken,
          cut);
    } catch (Exception reset) {
      // the connection was reset mid-stream: what the transport sees
    }
    assertThat(broken.end(cut)).isFalse();
  }
}
