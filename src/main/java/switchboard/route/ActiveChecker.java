package switchboard.route;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import switchboard.model.ModelRef;
import switchboard.observe.Metrics;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Failure;
import switchboard.provider.Provider;
import switchboard.provider.ProviderRegistry;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.upstream.Timeouts;
import switchboard.upstream.UpstreamClient;

/**
 * Optional active health checks ({@code health.active_check_ms}). Passively, an open breaker closes
 * only when, after its cooldown, a client's request is let through as the probe and succeeds: that
 * client may wait on a target still down. With active checks on, the gateway sends that probe
 * itself as soon as the cooldown is over: a one-token chat request to the deployment's model,
 * through the same half-open slot, so clients keep being served elsewhere meanwhile and the
 * deployment is back the moment it answers. Only open breakers are probed: a healthy deployment
 * costs nothing.
 */
public final class ActiveChecker {

  private static final Timeouts PROBE =
      new Timeouts(
          Duration.ofSeconds(5),
          Duration.ofSeconds(15),
          Duration.ofSeconds(15),
          Duration.ofSeconds(15));

  private final Vertx vertx;
  private final HealthBoard board;
  private final Supplier<ProviderRegistry> providers;
  private final UpstreamClient upstream;
  private final Metrics metrics;
  private long timer = -1;

  /**
   * @param metrics may be null (tests)
   */
  public ActiveChecker(
      Vertx vertx,
      HealthBoard board,
      Supplier<ProviderRegistry> providers,
      UpstreamClient upstream,
      Metrics metrics) {
    this.vertx = vertx;
    this.board = board;
    this.providers = providers;
    this.upstream = upstream;
    this.metrics = metrics;
    if (metrics != null) {
      metrics.describe(
          "switchboard_active_checks_total",
          "Probes the active health checker sent to open deployments, by outcome");
    }
  }

  /** Starts checking at the configured interval; does nothing when active checks are off. */
  public void start() {
    Duration every = board.settings().activeCheck();
    if (!every.isZero()) {
      timer = vertx.setPeriodic(Math.max(1, every.toMillis()), id -> tick());
    }
  }

  public void stop() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
  }

  /** Probes every open deployment whose cooldown is over. */
  void tick() {
    long now = board.now();
    for (Health h : board.all()) {
      if (h.state().mode() != Health.Mode.OPEN || h.refusal(now) != null) {
        continue;
      }
      ModelRef ref = ModelRef.parse(h.deployment());
      Provider provider = ref == null ? null : providers.get().find(ref.provider());
      if (provider == null || !h.admit(now)) {
        continue; // gone from the configuration, or a client's request is the probe already
      }
      probe(provider, ref.model())
          .onComplete(
              r -> {
                long at = board.now();
                UpstreamError error = r.result();
                if (error == null) {
                  h.succeeded(at);
                  count("closed");
                } else if (error.failure().penalisesTarget()) {
                  h.failed(at, error.retryAfter());
                  count("still_failing");
                } else {
                  h.succeeded(at); // it answered, if only to say the probe was not to its liking
                  count("closed");
                }
              });
    }
  }

  /** Sends the probe; completes with null when the deployment served it, else its error. */
  private Future<UpstreamError> probe(Provider provider, String model) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putArray("messages").addObject().put("role", "user").put("content", "ping");
    body.put("max_tokens", 1);
    UpstreamRequest request;
    try {
      request = provider.chat(body, model, false);
    } catch (GatewayException | UnsupportedOperationException e) {
      return Future.succeededFuture(UpstreamError.of(Failure.BAD_REQUEST, 400, e.getMessage()));
    }
    return upstream
        .fetch(request, PROBE)
        .map(
            answer ->
                answer.status() / 100 == 2
                    ? (UpstreamError) null
                    : provider.classify(answer.status(), answer.headers(), answer.body()))
        .recover(e -> Future.succeededFuture(UpstreamFailure.errorOf(e)));
  }

  private void count(String outcome) {
    if (metrics != null) {
      metrics.increment("switchboard_active_checks_total", "outcome=\"" + outcome + "\"");
    }
  }
}
