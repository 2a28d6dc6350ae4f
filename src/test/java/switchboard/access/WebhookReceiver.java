package switchboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP listener for budget webhooks. It checks each signature itself (HMAC-SHA256 of {@code
 * "<t>.<body>"} under the shared secret, as a receiver would, without the gateway's code), answers
 * 500 to the first {@code failFirst} requests to make the gateway retry, and keeps every request it
 * answered with 2xx.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One accepted delivery. */
  record Delivery(String id, JsonNode body, boolean signatureValid) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx = Vertx.vertx();
  private final String secret;
  private final AtomicInteger failFirst;
  private final AtomicInteger received = new AtomicInteger();
  private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  WebhookReceiver(String secret, int failFirst) throws Exception {
    this.secret = secret;
    this.failFirst = new AtomicInteger(failFirst);
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              received.incrementAndGet();
                              if (this.failFirst.getAndDecrement() > 0) {
                                req.response().setStatusCode(500).end();
                                return;
                              }
                              String signature = req.getHeader("x-switchboard-signature");
                              try {
                                accepted.add(
                                    new Delivery(
                                        req.getHeader("x-switchboard-delivery"),
                                        JSON.readTree(body.getBytes()),
                                        valid(signature, body.toString())));
                              } catch (Exception e) {
                                accepted.add(new Delivery(null, null, false));
                              }
                              req.response().setStatusCode(204).end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  private boolean valid(String header, String body) throws Exception {
    if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
      return false;
    }
    String t = header.substring(2, header.indexOf(','));
    String given = header.substring(header.indexOf("v1=") + 3);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(given));
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hooks/budget";
  }

  List<Delivery> accepted() {
    return List.copyOf(accepted);
  }

  int received() {
    return received.get();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
