package switchboard.dashboard;

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
import java.util.Map;
import switchboard.Gateway;
import switchboard.config.Settings;

/** A gateway in demo mode (the simulators) on a free loopback port, and raw HTTP to it. */
final class DashboardGateway implements AutoCloseable {

  static final String MASTER_KEY = "sk-switchboard-dashboard-test-0123456789";

  final Gateway gateway;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private DashboardGateway(Gateway gateway) {
    this.gateway = gateway;
  }

  static DashboardGateway start(Path dataDir) {
    return start(dataDir, java.time.Clock.systemUTC());
  }

  static DashboardGateway start(Path dataDir, java.time.Clock clock) {
    Settings settings =
        new Settings(
            0,
            "127.0.0.1",
            null,
            dataDir,
            MASTER_KEY,
            null,
            Settings.DEFAULT_MAX_BODY_BYTES,
            Duration.ofSeconds(2));
    try {
      return new DashboardGateway(
          Gateway.start(
              settings,
              Map.of("SWITCHBOARD_SIM", "1"),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              clock));
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not start: " + e.getMessage(), e);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + gateway.port() + path;
  }

  /** A chat completion with {@code key}; the response's headers tell who served it. */
  HttpResponse<String> chat(String key, String model) {
    return send(
        HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
            .header("authorization", "Bearer " + key)
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\""
                        + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
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

  @Override
  public void close() {
    gateway.stop();
  }
}
