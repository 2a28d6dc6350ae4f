package switchboard.route;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import switchboard.media.InlineImages;
import switchboard.media.MediaFetcher;
import switchboard.media.MediaSettings;
import switchboard.observe.Metrics;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Failure;
import switchboard.upstream.UpstreamClient;

/**
 * The only loop that retries, fails over or hedges.
 *
 * <p>Design note. For each target of the plan in order: ask its {@link Health} to admit the request
 * (an open circuit or a pending {@code retry-after} skips it without a network call), then run a
 * {@link Call} up to the commit point: a complete 2xx answer, or a stream's first content. A
 * failure before that point is classified once ({@link Failure}) and recorded as an {@link
 * Attempt}; a transient one is retried on the same target while its {@link Retry} allows
 * (exponential backoff with jitter, never sooner than {@code retry-after}); otherwise the next
 * target starts at once, in the same event-loop turn, so failover costs no waiting. A prompt too
 * long for a model goes only to targets with a larger context window ({@link ContextFit}). Hedging,
 * when the plan asks for it, starts the next target while the current one has produced nothing
 * after the hedge delay; the first to commit wins and the other is cut and recorded as {@code
 * cancelled}. Nothing has reached the client before the commit point, so every switch is invisible;
 * after it the dispatcher is done, and a later failure is the stream's to report in-band. All
 * attempts failed: one {@link GatewayException} naming each (and each skip).
 */
public final class Dispatcher {

  final Vertx vertx;
  final UpstreamClient upstream;
  final HealthBoard health;
  final RandomGenerator random;
  private final Metrics metrics;
  final LongSupplier nanos;
  final ContinuationStarter continuations;
  private final InlineImages images;

  /** The explicit context caches of {@code auto_cache} (Gemini), or null when not kept. */
  final ContextCaches contextCaches;

  /**
   * @param metrics may be null (tests)
   */
  public Dispatcher(
      Vertx vertx,
      UpstreamClient upstream,
      HealthBoard health,
      RandomGenerator random,
      Metrics metrics) {
    this(vertx, upstream, health, random, metrics, MediaSettings.DEFAULT);
  }

  /**
   * @param metrics may be null (tests)
   * @param media the limits of fetching image URLs for providers that take images only inline
   */
  public Dispatcher(
      Vertx vertx,
      UpstreamClient upstream,
      HealthBoard health,
      RandomGenerator random,
      Metrics metrics,
      MediaSettings media) {
    this(vertx, upstream, health, random, metrics, media, null, null);
  }

  /**
   * @param contextCaches how {@code auto_cache} keeps explicit context caches, or null for none
   * @param clock the wall clock their expiry times are read against
   */
  public Dispatcher(
      Vertx vertx,
      UpstreamClient upstream,
      HealthBoard health,
      RandomGenerator random,
      Metrics metrics,
      MediaSettings media,
      ContextCacheSettings contextCaches,
      java.time.Clock clock) {
    if (contextCaches != null) {
      this.contextCaches = new ContextCaches(upstream::fetch, clock, contextCaches);
      vertx.setPeriodic(contextCaches.sweepEvery().toMillis(), id -> this.contextCaches.sweep());
    } else {
      this.contextCaches = null;
    }
    this.images = new InlineImages(new MediaFetcher(vertx, media));
    this.vertx = vertx;
    this.upstream = upstream;
    this.health = health;
    this.random = random;
    this.metrics = metrics;
    this.nanos = health::now;
    this.continuations = new ContinuationStarter(vertx, upstream, nanos, metrics);
    if (metrics != null) {
      metrics.describe(
          "switchboard_failovers_total",
          "Moves to another target after a failure, by provider failed and failure class");
      metrics.describe("switchboard_retries_total", "Retries of the same target, by provider");
      metrics.describe(
          "switchboard_skipped_targets_total", "Targets skipped without a network call, by reason");
      metrics.describe("switchboard_hedges_total", "Hedged requests, by outcome");
    }
  }

  /** A dispatcher with default health settings and no metrics. */
  public Dispatcher(Vertx vertx, UpstreamClient upstream, LongSupplier nanos) {
    this(
        vertx,
        upstream,
        new HealthBoard(HealthSettings.DEFAULT, nanos, null),
        ThreadLocalRandom.current(),
        null);
  }

  public HealthBoard health() {
    return health;
  }

  /** Tries the plan's targets in order, without hedging; completes at the commit point. */
  public Future<Served> dispatch(Exchange exchange, List<Target> plan) {
    return dispatch(
        exchange, new Plan(plan.stream().map(t -> new Pick(t, "")).toList(), null, null));
  }

  /** Runs the plan; completes at the commit point, or fails with a {@link GatewayException}. */
  public Future<Served> dispatch(Exchange exchange, Plan plan) {
    Promise<Served> result = Promise.promise();
    boolean hedge = plan.hedge() != null && !exchange.body().path("store").asBoolean(false);
    // Image URLs the plan's Gemini or Bedrock targets need inline are fetched first (at once when
    // there are none); a failed fetch is the client's 400.
    images
        .prepare(exchange, plan.targets().stream().map(Target::provider).toList())
        .onFailure(result::fail)
        .onSuccess(
            ready ->
                new DispatchRun(
                        this,
                        exchange,
                        new ArrayList<>(plan.targets()),
                        hedge ? plan.hedge() : null,
                        plan.continueStreams(),
                        result)
                    .advance());
    return result.future();
  }

  void count(String name, String labels) {
    if (metrics != null) {
      metrics.increment(name, labels);
    }
  }
}
