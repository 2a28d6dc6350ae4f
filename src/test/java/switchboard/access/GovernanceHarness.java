package switchboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import switchboard.Gateway;
import switchboard.config.Settings;

/**
 * A gateway started in-process on a free loopback port with a temporary data dir, a config file
 * written by the test and an injected clock; plus a plain HTTP client for {@code /v1} and the admin
 * API.
 */
final class GovernanceHarness implements AutoCloseable {

  static final String MASTER = "sk-sb-master-test-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  final Gateway gateway;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A response: status, headers and the body as JSON (null when it is not JSON). */
  record Reply(int status, java.net.http.HttpHeaders headers, JsonNode json) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  GovernanceHarness(Path dataDir, String yaml, Map<String, String> env, Clock clock)
      throws Exception {
    this(dataDir, yaml, env, clock, null);
  }

  /** A node on the shared database {@code databaseUrl} (null: its own SQLite file). */
  GovernanceHarness(
      Path dataDir, String yaml, Map<String, String> env, Clock clock, String databaseUrl)
      throws Exception {
    Path config = dataDir.resolve("switchboard.yaml");
    Files.createDirectories(dataDir);
    Files.writeString(config, yaml);
    Settings settings =
        new Settings(
            0,
            "127.0.0.1",
            config,
            dataDir,
            MASTER,
            databaseUrl,
            Settings.DEFAULT_MAX_BODY_BYTES,
            Duration.ofSeconds(2));
    gateway = Gateway.start(settings, env, new PrintStream(new ByteArrayOutputStream()), clock);
  }

  String base() {
    return "http://127.0.0.1:" + gateway.port();
  }

  Reply chat(String key, String model, String extra) throws Exception {
    return send("POST", "/v1/chat/completions", key, chatBody(model, extra));
  }

  CompletableFuture<Reply> chatAsync(String key, String model, String extra) {
    return http.sendAsync(
            request("POST", "/v1/chat/completions", key, chatBody(model, extra)),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(GovernanceHarness::reply);
  }

  static String chatBody(String model, String extra) {
    return "{\"model\":\""
        + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello"
        + " there, how are you today?\"}]"
        + (extra == null ? "" : "," + extra)
        + "}";
  }

  Reply admin(String method, String path, String body) throws Exception {
    return send(method, "/admin/v1" + path, MASTER, body);
  }

  /** Creates a key through the admin API; returns the answer (with {@code secret}). */
  JsonNode createKey(String body) throws Exception {
    Reply r = admin("POST", "/keys", body);
    if (r.status() != 201) {
      throw new AssertionError("create key: " + r.status() + " " + r.json());
    }
    return r.json();
  }

  Reply send(String method, String path, String key, String body) throws Exception {
    return reply(http.send(request(method, path, key, body), HttpResponse.BodyHandlers.ofString()));
  }

  private HttpRequest request(String method, String path, String key, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json");
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return b.method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static Reply reply(HttpResponse<String> r) {
    JsonNode json;
    try {
      json = JSON.readTree(r.body());
    } catch (Exception e) {
      json = null;
    }
    return new Reply(r.statusCode(), r.headers(), json);
  }

  @Override
  public void close() {
    gateway.stop();
  }
}
