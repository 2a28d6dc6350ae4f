package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request framing and the header timeout on raw sockets (issue 17, robustness): no request
 * smuggling (RFC 9112 §6.3), a slow head answered 408 and closed, idle keep-alive left alone.
 */
class HttpFramingIT {

  @TempDir static Path data;
  static GatewayFixture gw;
  static int port;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(data, Map.of("SWITCHBOARD_HEADER_TIMEOUT_MS", "700"));
    port = URI.create(gw.baseUrl()).getPort();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void contentLengthWithChunkedIsRefusedAndTheSmuggledRequestNeverAnswered() throws IOException {
    String smuggled = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
    String wire =
        "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
            + "Authorization: Bearer "
            + GatewayFixture.MASTER_KEY
            + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + ("0\r\n\r\n" + smuggled).length()
            + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            + smuggled;
    String answer = exchangeUntilClosed(wire);
    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).contains("\"type\":\"invalid_request_error\"");
    assertThat(answer).contains("both Content-Length and Transfer-Encoding");
    assertThat(answer.split("HTTP/1.1 ", -1))
        .as("one answer, then the connection closed")
        .hasSize(2);
  }

  @Test
  void aTransferEncodingOtherThanChunkedIsRefused() throws IOException {
    String answer =
        exchangeUntilClosed(
            "POST /v1/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "0\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).contains("\"type\":\"error\"").contains("exactly \\\"chunked\\\"");
  }

  @Test
  void aMalformedRequestLineGetsOurMessageNotTheLibrarys() throws IOException {
    String answer = exchangeUntilClosed("GET /v1/models HTTP/9.x.y\r\nHost: x\r\n\r\n");
    assertThat(answer)
        .matches("(?s)HTTP/1\\.[01] 400 .*")
        .contains("invalid_request_error")
        .contains("not valid HTTP/1.1")
        .doesNotContain("version format");
  }

  @Test
  void twoDifferentContentLengthsAreRefused() throws IOException {
    String answer =
        exchangeUntilClosed(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                + "Content-Length: 3\r\n\r\n{}");
    assertThat(answer)
        .startsWith("HTTP/1.1 400")
        .contains("invalid_request_error")
        .contains("more than one Content-Length")
        .doesNotContain("values found");
  }

  @Test
  void headersOverTheLimitGet431InTheEnvelope() throws IOException {
    String answer =
        exchangeUntilClosed(
            "GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 431").contains("invalid_request_error");
  }

  @Test
  void aHeadThatStopsHalfWayIsAnswered408AndClosedWhileOthersAreServed() throws IOException {
    try (Socket slow = new Socket("127.0.0.1", port)) {
      slow.setSoTimeout(5_000);
      OutputStream out = slow.getOutputStream();
      out.write("GET /health/live HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // another client is served at once meanwhile
      assertThat(gw.get("/health/live").statusCode()).isEqualTo(200);
      long started = System.nanoTime();
      String answer = readUntilClosed(slow.getInputStream());
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request_timeout\"");
      assertThat(waitedMillis).isLessThan(4_000);
    }
  }

  @Test
  void anIdleKeepAliveConnectionOutlivesTheHeaderTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      String request = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      assertThat(readOneResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
      Thread.sleep(1_500); // twice the header timeout, with no request in progress
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      assertThat(readOneResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
    }
  }

  private static String exchangeUntilClosed(String wire) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(wire.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return readUntilClosed(socket.getInputStream());
    }
  }

  /** Everything until the gateway closes the connection; a read timeout fails the test. */
  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "the connection stayed open; read so far: " + all.toString(StandardCharsets.UTF_8), e);
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  /** One response with a content-length body (enough for /health/live). */
  private static String readOneResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("closed after: " + head);
      }
      head.append((char) b);
    }
    String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
    int at = lower.indexOf("content-length:");
    int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
    byte[] body = in.readNBytes(length);
    return head + new String(body, StandardCharsets.UTF_8);
  }
}
