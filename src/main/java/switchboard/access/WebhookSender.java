package switchboard.access;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers budget alerts to the configured webhook: a JSON POST signed with {@code
 * x-switchboard-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">} under the webhook
 * secret (the receiver recomputes it and may refuse old timestamps). Any answer but a 2xx, or no
 * answer, is retried after the base delay, doubling each time, up to the configured number of
 * attempts; every attempt carries the same {@code x-switchboard-delivery} id so a receiver can drop
 * duplicates.
 */
public final class WebhookSender implements Consumer<Notification> {

  private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());

  private final Vertx vertx;
  private final HttpClient client;
  private final AccessSettings.AlertSettings settings;
  private final Clock clock;

  public WebhookSender(Vertx vertx, AccessSettings.AlertSettings settings, Clock clock) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void accept(Notification n) {
    if (settings.webhookUrl() != null) {
      attempt(n, body(n), 1);
    }
  }

  private void attempt(Notification n, String body, int attempt) {
    long t = clock.instant().getEpochSecond();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(settings.webhookUrl())
            .setConnectTimeout(5000)
            .setIdleTimeout(10_000)
            .putHeader("content-type", "application/json")
            .putHeader("x-switchboard-event", "budget.threshold")
            .putHeader("x-switchboard-delivery", n.id())
            .putHeader(
                "x-switchboard-signature",
                "t=" + t + ",v1=" + sign(settings.webhookSecret(), t + "." + body));
    Future<Integer> sent =
        client
            .request(options)
            .compose(req -> req.send(Buffer.buffer(body)))
            .compose(resp -> resp.body().map(b -> resp.statusCode()));
    sent.onComplete(
        done -> {
          if (done.succeeded() && done.result() / 100 == 2) {
            return;
          }
          String why =
              done.succeeded()
                  ? "status " + done.result()
                  : String.valueOf(done.cause().getMessage());
          if (attempt >= settings.maxAttempts()) {
            LOG.severe(
                "budget alert " + n.id() + " not delivered after " + attempt + " attempts: " + why);
            return;
          }
          long delay = Math.min(settings.retryBaseMillis() << (attempt - 1), 300_000);
          LOG.warning(
              "budget alert "
                  + n.id()
                  + " delivery attempt "
                  + attempt
                  + " failed ("
                  + why
                  + "); retrying in "
                  + delay
                  + " ms");
          vertx.setTimer(Math.max(1, delay), id -> attempt(n, body, attempt + 1));
        });
  }

  static String body(Notification n) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("type", "budget.threshold");
    out.put("id", n.id());
    out.put("scope", n.scope());
    out.put("name", n.name());
    out.put("threshold_percent", n.threshold());
    out.put("spent_usd", n.spentUsd());
    out.put("limit_usd", n.limitUsd());
    out.put("period_start", Instant.ofEpochMilli(n.periodStartMs()).toString());
    out.put("period_end", Instant.ofEpochMilli(n.periodEndMs()).toString());
    out.put("fired_at", Instant.ofEpochMilli(n.firedMs()).toString());
    return out.toString();
  }

  /** Hex HMAC-SHA256 of {@code payload} under {@code secret}. */
  public static String sign(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] key = secret.getBytes(StandardCharsets.UTF_8);
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  public Future<Void> close() {
    return client.close();
  }
}
