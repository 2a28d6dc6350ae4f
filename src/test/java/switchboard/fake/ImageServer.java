package switchboard.fake;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback image host for media-fetch tests. {@code /cat.png} is a real PNG; {@code /untyped.png}
 * the same bytes without a Content-Type; {@code /photo.jpg} JPEG bytes; {@code /page.html} HTML;
 * {@code /big?bytes=N} N bytes of PNG announced by Content-Length; {@code /chunked?bytes=N} the
 * same without a length; {@code /slow} never answers; {@code /redirect?to=URL} a 302; {@code
 * /missing} a 404. Records the paths it was asked for.
 */
public final class ImageServer implements AutoCloseable {

  private static final Vertx VERTX = Vertx.vertx();

  /** A 1×1 transparent PNG. */
  public static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  /** The start of a JPEG (enough for its type to be recognised). */
  public static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16};

  private final HttpServer server;
  private final List<String> asked = new CopyOnWriteArrayList<>();

  private ImageServer(HttpServer server) {
    this.server = server;
  }

  public static ImageServer start() {
    ImageServer[] holder = new ImageServer[1];
    HttpServer server = VERTX.createHttpServer().requestHandler(req -> holder[0].serve(req));
    holder[0] = new ImageServer(server);
    try {
      server
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return holder[0];
  }

  /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public int port() {
    return server.actualPort();
  }

  /** The paths asked for, in order. */
  public List<String> asked() {
    return List.copyOf(asked);
  }

  private void serve(HttpServerRequest req) {
    asked.add(req.path());
    var response = req.response();
    switch (req.path()) {
      case "/cat.png" -> response.putHeader("content-type", "image/png").end(Buffer.buffer(PNG));
      case "/untyped.png" -> response.end(Buffer.buffer(PNG));
      case "/photo.jpg" ->
          response.putHeader("content-type", "image/jpeg").end(Buffer.buffer(JPEG));
      case "/page.html" ->
          response.putHeader("content-type", "text/html; charset=utf-8").end("<html></html>");
      case "/big" -> {
        int n = Integer.parseInt(req.getParam("bytes"));
        response.putHeader("content-type", "image/png").end(Buffer.buffer(new byte[n]));
      }
      case "/chunked" -> {
        int n = Integer.parseInt(req.getParam("bytes"));
        response.setChunked(true).putHeader("content-type", "image/png");
        for (int sent = 0; sent < n; sent += 1024) {
          response.write(Buffer.buffer(new byte[Math.min(1024, n - sent)]));
        }
        response.end();
      }
      case "/slow" -> {
        // never answers: the fetch's own timeout must end it
      }
      case "/redirect" ->
          response.setStatusCode(302).putHeader("location", req.getParam("to")).end();
      default -> response.setStatusCode(404).end("not found");
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
