package switchboard.provider.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.provider.Failure;
import switchboard.provider.ProviderConfig;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.provider.bedrock.BedrockProvider;
import switchboard.wire.StreamDecoder;

/**
 * The Bedrock provider against the simulated Bedrock runtime over a loopback socket: signed
 * requests (verified by the simulator), streamed answers equal to complete ones.
 */
class BedrockSimulatorIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Vertx vertx;
  private static HttpServer server;
  private static HttpClient client;
  private static BedrockProvider provider;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new BedrockSimulator(vertx, new SimSettings(true, 0, 0, 0), new SplittableRandom(1))
        .mount(router);
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    client = vertx.createHttpClient();
    // a clock in the past on purpose: the simulator checks signatures, not clock skew
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    provider =
        new BedrockProvider(
            new ProviderConfig(
                "bedrock",
                "bedrock",
                BedrockSimulator.SECRET_ACCESS_KEY,
                "http://127.0.0.1:" + server.actualPort() + BedrockSimulator.PATH,
                null,
                List.of(),
                Map.of(),
                Map.of(
                    "region",
                    "us-east-1",
                    "access_key_id",
                    BedrockSimulator.ACCESS_KEY_ID,
                    "session_token",
                    "sim-session-token")),
            clock);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Status and whole body of the request as the transport would send it. */
  record Answer(int status, Map<String, String> headers, Buffer body) {}

  private static Answer send(UpstreamRequest request) throws Exception {
    URI uri = URI.create(request.uri());
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setHost(uri.getHost())
            .setPort(uri.getPort())
            .setURI(uri.getRawPath());
    request.headers().forEach(options::putHeader);
    // body() is attached inside send()'s own callback: on a flat chain the response could be
    // handed over a turn later, after its bytes were gone, and the body never completed.
    return client
        .request(options)
        .compose(
            r ->
                r.send(request.body())
                    .compose(
                        resp ->
                            resp.body().map(b -> new Answer(resp.statusCode(), headers(resp), b))))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static Map<String, String> headers(HttpClientResponse r) {
    Map<String, String> out = new java.util.HashMap<>();
    r.headers().forEach(e -> out.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
    return out;
  }

  private static ObjectNode chat(String text, boolean tools) throws Exception {
    ObjectNode chat =
        (ObjectNode)
            JSON.readTree(
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                    + "{\"role\":\"user\",\"content\":"
                    + JSON.writeValueAsString(text)
                    + "}]}");
    if (tools) {
      chat.set(
          "tools",
          JSON.readTree(
              "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                  + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]"));
    }
    return chat;
  }

  /** A streamed answer accumulated into a complete one, the way a client would. */
  private static ObjectNode accumulate(Buffer stream, List<String> ends) {
    StreamDecoder decoder = provider.streamDecoder("m");
    StringBuilder content = new StringBuilder();
    List<String[]> calls = new ArrayList<>();
    ObjectNode result = JSON.createObjectNode();
    StreamDecoder.Out out =
        new StreamDecoder.Out() {
          @Override
          public void chunk(ObjectNode chunk) {
            if (chunk.has("usage")) {
              result.set("usage", chunk.get("usage"));
            }
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            content.append(delta.path("content").asText(""));
            for (JsonNode call : delta.path("tool_calls")) {
              int index = call.get("index").asInt();
              if (index == calls.size()) {
                calls.add(
                    new String[] {
                      call.path("id").asText(), call.at("/function/name").asText(), ""
                    });
              }
              calls.get(index)[2] += call.at("/function/arguments").asText("");
            }
            if (choice.hasNonNull("finish_reason")) {
              result.put("finish_reason", choice.get("finish_reason").asText());
            }
          }

          @Override
          public void frame(Buffer raw) {}

          @Override
          public void done() {
            ends.add("done");
          }

          @Override
          public void error(JsonNode error) {
            ends.add("error " + error);
          }

          @Override
          public void malformed(String why) {
            ends.add("malformed " + why);
          }
        };
    for (int i = 0; i < stream.length(); i += 5) { // hostile splits on the way
      decoder.feed(stream.getBuffer(i, Math.min(stream.length(), i + 5)), out);
    }
    ends.add("end " + decoder.end(out));
    result.put("content", content.toString());
    for (String[] c : calls) {
      result
          .withArray("tool_calls")
          .addObject()
          .put("id", c[0])
          .put("name", c[1])
          .put("arguments", c[2]);
    }
    return result;
  }

  private static ObjectNode complete(ObjectNode canonical) {
    ObjectNode out = JSON.createObjectNode();
    JsonNode message = canonical.at("/choices/0/message");
    out.set("usage", canonical.get("usage"));
    out.put("finish_reason", canonical.at("/choices/0/finish_reason").asText());
    out.put("content", message.path("content").asText(""));
    for (JsonNode call : message.path("tool_calls")) {
      out.withArray("tool_calls")
          .addObject()
          .put("id", call.path("id").asText())
          .put("name", call.at("/function/name").asText())
          .put("arguments", call.at("/function/arguments").asText());
    }
    return out;
  }

  private void streamedEqualsComplete(String model, boolean tools) throws Exception {
    Answer whole = send(provider.chat(chat("Weather in Paris, café?", tools), model, false));
    assertThat(whole.status()).as(whole.body().toString()).isEqualTo(200);
    ObjectNode expected =
        complete(provider.readResponse((ObjectNode) JSON.readTree(whole.body().getBytes()), "m"));
    Answer streamed = send(provider.chat(chat("Weather in Paris, café?", tools), model, true));
    assertThat(streamed.status()).isEqualTo(200);
    assertThat(streamed.headers())
        .containsEntry("content-type", "application/vnd.amazon.eventstream");
    List<String> ends = new ArrayList<>();
    assertThat(accumulate(streamed.body(), ends)).isEqualTo(expected);
    assertThat(ends).containsExactly("done", "end true");
    if (tools) {
      assertThat(expected.at("/tool_calls/0/name").asText()).isEqualTo("get_weather");
      assertThat(expected.get("finish_reason").asText()).isEqualTo("tool_calls");
    } else {
      assertThat(expected.get("content").asText()).contains("café");
    }
    assertThat(expected.at("/usage/prompt_tokens").asLong()).isPositive();
  }

  @Test
  void textStreamedEqualsComplete() throws Exception {
    streamedEqualsComplete("anthropic.claude-3-5-sonnet-20240620-v1:0", false);
  }

  @Test
  void toolCallStreamedEqualsComplete() throws Exception {
    streamedEqualsComplete("us.amazon.nova-pro-v1:0", true);
  }

  @Test
  void unsignedAndBadlySignedRequestsAreRefused() throws Exception {
    UpstreamRequest signed = provider.chat(chat("hi", false), "anthropic.claude-v2:1", false);
    Map<String, String> unsigned = new java.util.HashMap<>(signed.headers());
    unsigned.remove("authorization");
    Answer a = send(new UpstreamRequest(signed.method(), signed.uri(), unsigned, signed.body()));
    assertThat(a.status()).isEqualTo(403);
    assertThat(
            provider
                .classify(
                    a.status(),
                    io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(a.headers()),
                    a.body())
                .failure())
        .isEqualTo(Failure.KEY_REJECTED);
    Answer b =
        send(
            new UpstreamRequest(
                signed.method(),
                signed.uri(),
                signed.headers(),
                Buffer.buffer(signed.body().toString().replace("hi", "ho"))));
    assertThat(b.status()).isEqualTo(403);
    assertThat(b.headers().get("x-amzn-errortype")).startsWith("InvalidSignatureException");
  }

  @Test
  void scenariosAnswerWithBedrocksErrors() throws Exception {
    for (Object[] c :
        new Object[][] {
          {"rate-limited", 429, Failure.RATE_LIMITED},
          {"overloaded", 503, Failure.OVERLOADED},
          {"bad-key", 403, Failure.KEY_REJECTED},
          {"down", 500, Failure.SERVER_ERROR}
        }) {
      Answer a = send(provider.chat(chat("hi", false), (String) c[0], false));
      assertThat(a.status()).as((String) c[0]).isEqualTo(c[1]);
      UpstreamError e =
          provider.classify(
              a.status(),
              io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(a.headers()),
              a.body());
      assertThat(e.failure()).as((String) c[0]).isEqualTo(c[2]);
    }
    Answer tooLong = send(provider.chat(chat("word ".repeat(100), false), "small-context", false));
    assertThat(
            provider
                .classify(
                    tooLong.status(),
                    io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(tooLong.headers()),
                    tooLong.body())
                .failure())
        .isEqualTo(Failure.CONTEXT_LENGTH);
  }

  @Test
  void anErrorEventArrivesAfterSomeContent() throws Exception {
    Answer a = send(provider.chat(chat("hello there", false), "error-event", true));
    List<String> ends = new ArrayList<>();
    ObjectNode partial = accumulate(a.body(), ends);
    assertThat(partial.get("content").asText()).isNotEmpty();
    assertThat(ends.get(0)).startsWith("error {\"type\":\"modelStreamErrorException\"");
    JsonNode error = JSON.readTree(ends.get(0).substring("error ".length()));
    assertThat(provider.classifyInBand(error).failure()).isEqualTo(Failure.SERVER_ERROR);
  }

  @Test
  void garbageIsMalformed() throws Exception {
    Answer a = send(provider.chat(chat("hi", false), "garbage", true));
    List<String> ends = new ArrayList<>();
    accumulate(a.body(), ends);
    assertThat(ends.get(0)).startsWith("malformed");
  }
}
