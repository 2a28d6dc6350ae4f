package switchboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import switchboard.config.Settings;

/**
 * Starts the gateway in-process on a free port against fakes, and talks to it: the official OpenAI
 * Java SDK (no retries) and raw HTTP for what the SDK hides.
 */
final class GatewayFixture implements AutoCloseable {

  static final String MASTER_KEY = "sk-switchboard-test-master-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  final Gateway gateway;
  final OpenAIClient sdk;
  final Path dataDir;
  private final ByteArrayOutputStream output;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private boolean stopped;

  private GatewayFixture(Gateway gateway, Path dataDir, ByteArrayOutputStream output) {
    this.gateway = gateway;
    this.dataDir = dataDir;
    this.output = output;
    this.sdk =
        OpenAIOkHttpClient.builder()
            .baseUrl(baseUrl() + "/v1")
            .apiKey(MASTER_KEY)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .build();
  }

  /** The environment that points the {@code openai} provider at a fake. */
  static Map<String, String> openAi(switchboard.fake.FakeOpenAi fake) {
    return Map.of(
        "OPENAI_API_KEY", "sk-fake-openai-provider-key", "OPENAI_BASE_URL", fake.baseUrl());
  }

  static GatewayFixture start(Path dataDir, Map<String, String> env) {
    return start(dataDir, env, Settings.DEFAULT_MAX_BODY_BYTES);
  }

  /** Starts with the given environment and a switchboard.yaml written next to the data dir. */
  static GatewayFixture startWithConfig(Path dataDir, Map<String, String> env, String yaml) {
    try {
      Path file = dataDir.resolve("switchboard.yaml");
      java.nio.file.Files.createDirectories(dataDir);
      java.nio.file.Files.writeString(file, yaml);
      return start(dataDir, env, Settings.DEFAULT_MAX_BODY_BYTES, file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts with the given environment (provider keys and base URLs) and body limit. */
  static GatewayFixture start(Path dataDir, Map<String, String> env, long maxBodyBytes) {
    return start(dataDir, env, maxBodyBytes, null);
  }

  private static GatewayFixture start(
      Path dataDir, Map<String, String> env, long maxBodyBytes, Path configFile) {
    return start(dataDir, env, maxBodyBytes, configFile, null);
  }

  /** Starts on PostgreSQL ({@code databaseUrl} as in SWITCHBOARD_DATABASE_URL). */
  static GatewayFixture startOnDatabase(Path dataDir, Map<String, String> env, String databaseUrl) {
    return start(dataDir, env, Settings.DEFAULT_MAX_BODY_BYTES, null, databaseUrl);
  }

  private static GatewayFixture start(
      Path dataDir,
      Map<String, String> env,
      long maxBodyBytes,
      Path configFile,
      String databaseUrl) {
    Settings settings =
        new Settings(
            0,
            "127.0.0.1",
            configFile,
            dataDir,
            MASTER_KEY,
            databaseUrl,
            maxBodyBytes,
            Duration.ofSeconds(5));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Gateway gateway =
          Gateway.start(
              settings, new HashMap<>(env), new PrintStream(out, true, StandardCharsets.UTF_8));
      return new GatewayFixture(gateway, dataDir, out);
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not start: " + e.getMessage(), e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + gateway.port();
  }

  /** What the gateway printed at start-up. */
  String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  /** POSTs a JSON body with the master key; extra headers as name, value pairs. */
  HttpResponse<String> post(String path, String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header("authorization", "Bearer " + MASTER_KEY)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  /** PATCHes a JSON body with the master key (the admin API's partial updates). */
  HttpResponse<String> patch(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header("authorization", "Bearer " + MASTER_KEY)
            .header("content-type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> get(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header("authorization", "Bearer " + MASTER_KEY)
            .GET()
            .build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request to the gateway failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The request's record in SQLite, waiting (bounded) for the asynchronous writer. */
  Map<String, Object> record(String requestId) {
    return Records.await(dataDir, requestId);
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** Stops the gateway (drains, flushes records); idempotent. */
  void stop() {
    if (!stopped) {
      stopped = true;
      sdk.close();
      gateway.stop();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
