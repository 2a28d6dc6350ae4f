package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar as a child process: SIGTERM with several streams in flight drains them all, flushes,
 * exits 0; restarted on the same data, the admin API holds exactly their records and ledger rows.
 */
class DrainIT {

  static final Path JAR = Path.of("target", "switchboard.jar");
  static final String KEY = "sk-drain-test-master-key";

  @TempDir Path tmp;
  private Process process;

  @AfterEach
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** How many streams are in flight when the SIGTERM comes. */
  static final int STREAMS = 5;

  @Test
  void sigtermFinishesEveryStreamInFlightExitsZeroAndARestartFindsEveryRecord() throws Exception {
    assertThat(JAR).as("the jar is built by `package`, before integration tests").exists();
    Path config = tmp.resolve("switchboard.yaml");
    Files.writeString(config, "sim:\n  enabled: true\n  tokens_per_second: 20\n");
    Path data = tmp.resolve("data");
    int port = freePort();
    List<String> output = new CopyOnWriteArrayList<>();
    process = startJar(port, data, config, output);
    String apiLine = "http://127.0.0.1:" + port + "/v1";

    // A long answer: ~45 pieces at 20 tokens/s keeps each stream open for about two seconds.
    String words = "one two three four five six seven eight nine ten ".repeat(4).trim();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<List<String>> lines = new ArrayList<>();
    List<CompletableFuture<Void>> bodies = new ArrayList<>();
    AtomicInteger started = new AtomicInteger();
    AtomicLong doneAt = new AtomicLong(Long.MAX_VALUE);
    for (int i = 1; i <= STREAMS; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(apiLine + "/chat/completions"))
              .timeout(Duration.ofSeconds(60))
              .header("authorization", "Bearer " + KEY)
              .header("content-type", "application/json")
              .header("x-request-id", "drain-stream-" + i)
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"model\":\"sim/gpt-4o-mini\",\"stream\":true,"
                          + "\"messages\":[{\"role\":\"user\",\"content\":\""
                          + words
                          + "\"}]}"))
              .build();
      HttpResponse<Stream<String>> response =
          http.send(request, HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(200);
      List<String> mine = new CopyOnWriteArrayList<>();
      lines.add(mine);
      bodies.add(
          CompletableFuture.runAsync(
              () -> {
                AtomicBoolean first = new AtomicBoolean();
                try (Stream<String> stream = response.body()) {
                  stream.forEach(
                      line -> {
                        mine.add(line);
                        if (line.contains("\"content\":\"")
                            && !line.contains("\"content\":\"\"")
                            && first.compareAndSet(false, true)) {
                          started.incrementAndGet();
                        }
                        if (line.equals("data: [DONE]")) {
                          doneAt.accumulateAndGet(System.nanoTime(), Math::min);
                        }
                      });
                }
              }));
    }
    Await.until(
        Duration.ofSeconds(10),
        "the first content of every stream",
        () -> started.get() == STREAMS ? true : null);

    process.destroy(); // SIGTERM
    long notReadyAt =
        Await.until(
            Duration.ofSeconds(10),
            "/health/ready to stop answering 200",
            () -> readyStatus(port) != 200 ? System.nanoTime() : null);

    CompletableFuture.allOf(bodies.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    for (List<String> stream : lines) {
      assertThat(stream).as("every stream in flight completes").contains("data: [DONE]");
      assertThat(stream).noneMatch(l -> l.contains("\"error\""));
    }
    assertThat(notReadyAt)
        .as("not ready while the streams were still draining")
        .isLessThan(doneAt.get());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits after draining").isTrue();
    assertThat(process.exitValue()).isZero();

    Map<String, Object> row = Records.find(data, "drain-stream-1");
    assertThat(row)
        .as("the drained stream's record was flushed; files %s; output %s", listing(data), output)
        .isNotNull();
    assertThat(((Number) row.get("status")).intValue()).isEqualTo(200);
    assertThat(((Number) row.get("stream")).intValue()).isEqualTo(1);
    assertThat(row.get("requested_model")).isEqualTo("sim/gpt-4o-mini");

    // Restarted on the same data: the admin API finds exactly the drained requests, each once,
    // in the request log and in the ledger.
    int again = freePort();
    List<String> restarted = new CopyOnWriteArrayList<>();
    process = startJar(again, data, config, restarted);
    JsonNode log = admin(again, "/admin/v1/requests?limit=1000");
    List<String> ids = new ArrayList<>();
    log.path("data").forEach(r -> ids.add(r.path("id").asText()));
    assertThat(ids)
        .as("request log after the restart")
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.rangeClosed(1, STREAMS)
                .mapToObj(i -> "drain-stream-" + i)
                .toList());
    log.path("data")
        .forEach(
            r -> {
              assertThat(r.path("status").asInt()).as(r.toString()).isEqualTo(200);
              assertThat(r.path("stream").asBoolean()).as(r.toString()).isTrue();
              assertThat(r.path("tokens").path("output").asLong()).as(r.toString()).isPositive();
            });
    JsonNode usage = admin(again, "/admin/v1/usage?group_by=model");
    long ledgerRows = 0;
    for (JsonNode group : usage.path("data")) {
      ledgerRows += group.path("requests").asLong();
    }
    assertThat(ledgerRows).as("ledger rows after the restart: %s", usage).isEqualTo(STREAMS);
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  /** Starts the jar on {@code port} and {@code data}, and waits for its API line. */
  private Process startJar(int port, Path data, Path config, List<String> output)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            JAR.toAbsolutePath().toString(),
            "--port",
            Integer.toString(port),
            "--data",
            data.toString(),
            "--config",
            config.toString());
    Map<String, String> env = pb.environment();
    env.keySet()
        .removeIf(
            name ->
                name.endsWith("_API_KEY")
                    || name.endsWith("_BASE_URL")
                    || name.startsWith("SWITCHBOARD_")
                    || name.startsWith("AWS_"));
    env.put("SWITCHBOARD_MASTER_KEY", KEY);
    env.put("SWITCHBOARD_DRAIN_SECONDS", "20");
    pb.redirectErrorStream(true);
    Process started = pb.start();
    Thread reader = new Thread(() -> drainLines(started.getInputStream(), output), "jar-output");
    reader.setDaemon(true);
    reader.start();
    String apiLine = "http://127.0.0.1:" + port + "/v1";
    Await.until(
        Duration.ofSeconds(30),
        "the API line in " + output,
        () -> output.stream().anyMatch(l -> l.contains(apiLine)) ? true : null);
    return started;
  }

  /** GETs an admin path with the master key; 200 expected. */
  private static JsonNode admin(int port, String path) throws Exception {
    HttpResponse<String> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("authorization", "Bearer " + KEY)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as("%s: %s", path, res.body()).isEqualTo(200);
    return GatewayFixture.json(res.body());
  }

  /** The status of {@code /health/ready}, or -1 when the connection is refused. */
  private static int readyStatus(int port) {
    HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      return fresh
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName() + ":" + f.toFile().length()).toList();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void drainLines(InputStream in, List<String> sink) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        sink.add(line);
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }
}
