package switchboard.route;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import switchboard.Gateway;
import switchboard.config.Settings;

/**
 * A gateway started in-process on a free loopback port, with a YAML config and a fresh data dir,
 * plus a small blocking HTTP client for {@code /v1} and {@code /admin/v1}.
 */
final class RoutedGateway implements AutoCloseable {

  static final String KEY = "sk-sb-test-master-key";

  final Gateway gateway;
  final Path dataDir;
  final String startupLines;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private RoutedGateway(Gateway gateway, Path dataDir, String startupLines) {
    this.gateway = gateway;
    this.dataDir = dataDir;
    this.startupLines = startupLines;
  }

  /** Starts with {@code yaml} as switchboard.yaml; the sim provider is on. */
  static RoutedGateway start(String yaml) throws Exception {
    return start(yaml, Files.createTempDirectory("sb-routing"));
  }

  static RoutedGateway start(String yaml, Path dataDir) throws Exception {
    return start(yaml, dataDir, Map.of());
  }

  /** Starts in {@code dataDir} with {@code env} added to the environment (e.g. a shared Redis). */
  static RoutedGateway start(String yaml, Path dataDir, Map<String, String> env) throws Exception {
    Files.createDirectories(dataDir);
    Path config = dataDir.resolve("switchboard.yaml");
    Files.writeString(config, yaml);
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    Settings settings =
        new Settings(
            0,
            "127.0.0.1",
            config,
            dataDir,
            KEY,
            null,
            Settings.DEFAULT_MAX_BODY_BYTES,
            Duration.ofSeconds(2));
    Gateway gateway =
        Gateway.start(settings, withSim(env), new PrintStream(lines, true, StandardCharsets.UTF_8));
    return new RoutedGateway(gateway, dataDir, lines.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, String> withSim(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("SWITCHBOARD_SIM", "1");
    return all;
  }

  /** A loopback port nothing listens on (connect refused). */
  static int deadPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  String base() {
    return "http://127.0.0.1:" + gateway.port();
  }

  /** POST /v1/chat/completions with {@code json} (single quotes allowed for readability). */
  HttpResponse<String> chat(String json) throws Exception {
    return send("POST", "/v1/chat/completions", json);
  }

  HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(30))
            .header("authorization", "Bearer " + KEY)
            .header("content-type", "application/json");
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json.replace('\'', '"')));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String body(String model, boolean stream, String extra) {
    return "{'model':'"
        + model
        + "','stream':"
        + stream
        + ",'messages':[{'role':'user','content':'hi'}]"
        + (extra == null ? "" : "," + extra)
        + "}";
  }

  @Override
  public void close() {
    gateway.stop();
  }
}
