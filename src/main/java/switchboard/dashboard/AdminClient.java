package switchboard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/**
 * The dashboard's only way to read or change anything: the admin API, called over loopback on the
 * gateway's own port with the master key. So the pages can do nothing the API cannot (SPEC §4), and
 * they depend on its documented JSON, not on the classes behind it.
 */
final class AdminClient {

  /** An admin answer: its status and JSON body (an error envelope when not 2xx). */
  record Reply(int status, JsonNode body, String text) {

    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The error envelope's message, or a generic one. */
    String error() {
      String message = body == null ? null : body.path("error").path("message").asText(null);
      if (message != null) {
        return message;
      }
      return status == 404
          ? "This gateway has no such admin endpoint (is it an older version?)."
          : "The admin API answered " + status + ".";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String masterKey;

  AdminClient(Vertx vertx, String masterKey) {
    this.http = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(16));
    this.masterKey = masterKey;
  }

  Future<Reply> get(RoutingContext ctx, String path) {
    return send(ctx, HttpMethod.GET, path, null, "application/json");
  }

  /** The models the master key may use ({@code GET /v1/models}), as {@code provider/model} ids. */
  Future<java.util.List<String>> models(RoutingContext ctx) {
    return call(ctx, HttpMethod.GET, "/v1/models", null, "application/json")
        .map(
            r -> {
              java.util.List<String> ids = new java.util.ArrayList<>();
              r.body().path("data").forEach(m -> ids.add(m.path("id").asText()));
              java.util.Collections.sort(ids);
              return ids;
            });
  }

  Future<Reply> send(RoutingContext ctx, HttpMethod method, String path, JsonNode body) {
    return send(
        ctx,
        method,
        path,
        body == null ? null : Buffer.buffer(body.toString()),
        "application/json");
  }

  /** Any body and content type (the YAML configuration). */
  Future<Reply> send(
      RoutingContext ctx, HttpMethod method, String path, Buffer body, String contentType) {
    return call(ctx, method, "/admin/v1" + path, body, contentType);
  }

  private Future<Reply> call(
      RoutingContext ctx, HttpMethod method, String uri, Buffer body, String contentType) {
    // The request came in on one of our own addresses: the admin API listens there too.
    SocketAddress self = ctx.request().localAddress();
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost(self.hostAddress())
            .setPort(self.port())
            .setURI(uri)
            .putHeader("authorization", "Bearer " + masterKey)
            .putHeader("accept", contentType)
            .setTimeout(30_000);
    if (body != null) {
      options.putHeader("content-type", contentType);
    }
    return http.request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(bytes -> reply(resp, bytes)));
  }

  private static Reply reply(HttpClientResponse resp, Buffer bytes) {
    String text = bytes.toString();
    JsonNode json = null;
    String type = resp.getHeader("content-type");
    if (type != null && type.contains("json") && bytes.length() > 0) {
      try {
        json = JSON.readTree(text);
      } catch (IOException e) {
        json = null;
      }
    }
    return new Reply(
        resp.statusCode(), json == null ? JsonNodeFactory.instance.objectNode() : json, text);
  }

  Future<Void> close() {
    return http.close();
  }
}
