package switchboard.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback OpenAI upstream: {@code POST .../chat/completions} and {@code POST .../embeddings} in
 * the exact wire format, scripted per test with {@link Reply}s (a queue; the default answer when it
 * is empty), recording every request it receives.
 */
public final class FakeOpenAi implements AutoCloseable {

  private static final Vertx VERTX = Vertx.vertx();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the fake received it; header names are lower-case. */
  public record Received(String method, String path, Map<String, String> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("the fake received a body that is not JSON: " + body, e);
      }
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private FakeOpenAi(HttpServer server) {
    this.server = server;
  }

  /** Starts a fake on a free loopback port. */
  public static FakeOpenAi start() {
    FakeOpenAi[] holder = new FakeOpenAi[1];
    HttpServer server = VERTX.createHttpServer().requestHandler(req -> holder[0].accept(req));
    holder[0] = new FakeOpenAi(server);
    await(server.listen(0, "127.0.0.1"));
    return holder[0];
  }

  /** A base URL where nothing listens: connections are refused. */
  public static String refusedBaseUrl() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The base URL to give the gateway, e.g. as {@code OPENAI_BASE_URL}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  /** Queues answers for the next requests, in order. */
  public FakeOpenAi then(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** Every request received so far, in order. */
  public List<Received> requests() {
    return List.copyOf(received);
  }

  /** The only request received; fails when there were none or several. */
  public Received single() {
    List<Received> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected exactly one upstream request, got " + all.size());
    }
    return all.get(0);
  }

  /** Forgets the script and the recorded requests. */
  public void reset() {
    script.clear();
    received.clear();
  }

  @Override
  public void close() {
    await(server.close());
  }

  private void accept(HttpServerRequest req) {
    req.body()
        .onSuccess(
            body -> {
              Map<String, String> headers = new LinkedHashMap<>();
              req.headers()
                  .forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(), h.getValue()));
              Received r = new Received(req.method().name(), req.path(), headers, body.toString());
              received.add(r);
              Reply reply = script.poll();
              answer(req, r, reply != null ? reply : Reply.ok());
            });
  }

  private void answer(HttpServerRequest req, Received r, Reply reply) {
    HttpServerResponse res = req.response();
    if (reply.fault == Fault.RESET) {
      req.connection().close();
      return;
    }
    if (reply.fault == Fault.STALL_BEFORE_HEADERS) {
      return;
    }
    if (error(res, reply)) {
      return;
    }
    JsonNode request = r.json();
    if (r.path().endsWith("/embeddings")) {
      boolean base64 =
          "base64".equals(request.path("encoding_format").asText())
              && !reply.has(Fault.FLOAT_EMBEDDINGS_ONLY);
      res.putHeader("content-type", "application/json")
          .end(Transcript.embeddings(reply, request, base64).toString());
      return;
    }
    String model = reply.model != null ? reply.model : request.path("model").asText();
    if (request.path("stream").asBoolean(false)) {
      stream(req, reply, model, request.path("stream_options").path("include_usage").asBoolean());
    } else {
      complete(req, reply, model);
    }
  }

  private void complete(HttpServerRequest req, Reply reply, String model) {
    HttpServerResponse res =
        req.response()
            .putHeader("content-type", "application/json")
            .putHeader("x-request-id", "req_fake");
    String body = Transcript.completion(reply, model).toString();
    if (reply.fault == Fault.MALFORMED_JSON) {
      res.end("{\"id\": \"chatcmpl-x\", \"choices\": [ oops");
    } else if (reply.fault == Fault.CUT_MID_BODY) {
      res.setChunked(true).write(body.substring(0, body.length() / 2));
      VERTX.setTimer(20, id -> req.connection().close());
    } else if (reply.has(Fault.LEADING_BLANK_LINES)) {
      res.end("\n\n\n\n" + body);
    } else {
      res.end(body);
    }
  }

  private void stream(HttpServerRequest req, Reply reply, String model, boolean includeUsage) {
    HttpServerResponse res =
        req.response()
            .setChunked(true)
            .putHeader("content-type", "text/event-stream; charset=utf-8")
            .putHeader("cache-control", "no-cache");
    String eol = reply.has(Fault.CRLF) ? "\r\n" : "\n";
    List<String> events = new ArrayList<>();
    if (reply.has(Fault.AZURE_PROMPT_FILTER)) {
      events.add(Transcript.azurePromptFilterChunk());
    }
    events.add(Transcript.roleChunk(model, includeUsage));
    List<String> body = Transcript.bodyChunks(reply, model, includeUsage);
    String error =
        Transcript.errorEnvelope(
            "The fake upstream failed mid-stream.", "server_error", null, null);
    Fault f = reply.fault;
    if (f == Fault.ERROR_EVENT_BEFORE_CONTENT || f == Fault.TRUNCATED_SSE_BEFORE_CONTENT) {
      if (f == Fault.ERROR_EVENT_BEFORE_CONTENT) {
        events.add(error);
      }
      write(res, events, eol, reply);
      res.end();
      return;
    }
    if (f == Fault.MALFORMED_JSON) {
      events.add("{\"id\": oops");
      write(res, events, eol, reply);
      res.end();
      return;
    }
    if (f != null) { // faults after some content
      events.addAll(body.subList(0, Math.min(2, body.size())));
      if (f == Fault.ERROR_EVENT_AFTER_CONTENT) {
        events.add(error);
      }
      write(res, events, eol, reply);
      if (f == Fault.CUT_MID_BODY) {
        res.write("data: {\"id\":\"chatcmpl-fa");
        VERTX.setTimer(20, id -> req.connection().close());
      } else if (f != Fault.STALL_MID_STREAM) {
        res.end();
      }
      return;
    }
    events.addAll(body);
    events.add(Transcript.finishChunk(reply, model, includeUsage));
    if (includeUsage) {
      events.add(Transcript.usageChunk(reply, model));
    }
    events.add("[DONE]");
    write(res, events, eol, reply);
    res.end();
  }

  private static void write(HttpServerResponse res, List<String> events, String eol, Reply reply) {
    StringBuilder out = new StringBuilder();
    for (String event : events) {
      if (reply.has(Fault.KEEP_ALIVE_COMMENTS)) {
        out.append(": keep-alive").append(eol).append(eol);
      }
      if (reply.has(Fault.MULTI_LINE_DATA) && event.startsWith("{")) {
        // the break after the opening brace is JSON whitespace once the lines are joined
        out.append("data: {").append(eol).append("data: ").append(event.substring(1));
      } else {
        out.append("data: ").append(event);
      }
      out.append(eol).append(eol);
    }
    res.write(out.toString());
  }

  /** Writes the error statuses of the menu; returns false when the reply is not one. */
  private static boolean error(HttpServerResponse res, Reply reply) {
    if (reply.fault == null) {
      return false;
    }
    int status;
    String body;
    switch (reply.fault) {
      case RATE_LIMITED -> {
        status = 429;
        res.putHeader("retry-after", "2");
        res.putHeader("x-ratelimit-remaining-requests", "0");
        body =
            Transcript.errorEnvelope(
                "Rate limit reached for gpt-4o-mini in organization"
                    + " org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                "requests",
                null,
                "rate_limit_exceeded");
      }
      case OVERLOADED -> {
        status = 529;
        body = Transcript.errorEnvelope("Overloaded", "overloaded_error", null, null);
      }
      case SERVER_ERROR -> {
        status = 500;
        body =
            Transcript.errorEnvelope(
                "The server had an error while processing your request." + " Sorry about that!",
                "server_error",
                null,
                null);
      }
      case UNAVAILABLE -> {
        status = 503;
        body =
            Transcript.errorEnvelope(
                "The engine is currently overloaded, please try again" + " later.",
                "server_error",
                null,
                null);
      }
      case BAD_KEY -> {
        status = 401;
        body =
            Transcript.errorEnvelope(
                "Incorrect API key provided: sk-fake-*****1234. You can"
                    + " find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error",
                null,
                "invalid_api_key");
      }
      case CONTEXT_LENGTH -> {
        status = 400;
        body =
            Transcript.errorEnvelope(
                "This model's maximum context length is 128000 tokens."
                    + " However, your messages resulted in 130512 tokens. Please reduce the length of the"
                    + " messages.",
                "invalid_request_error",
                "messages",
                "context_length_exceeded");
      }
      case INVALID_REQUEST -> {
        status = 400;
        body =
            Transcript.errorEnvelope(
                "Invalid value for 'temperature': must be at most 2.",
                "invalid_request_error",
                "temperature",
                "invalid_value");
      }
      case MISTRAL_FLAT_ERROR -> {
        status = 400;
        body =
            Transcript.mistralFlatError(
                "Tool call id was call_0fypS1hVX but must be a-z, A-Z,"
                    + " 0-9, with a length of 9.");
      }
      default -> {
        return false;
      }
    }
    res.setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("x-request-id", "req_fake")
        .end(Buffer.buffer(body));
    return true;
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("fake upstream: " + e.getMessage(), e);
    }
  }
}
