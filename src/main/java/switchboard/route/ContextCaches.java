package switchboard.route;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import switchboard.provider.ContextCaching;
import switchboard.provider.UpstreamRequest;
import switchboard.upstream.Timeouts;
import switchboard.upstream.UpstreamClient;

/**
 * The explicit context caches {@code auto_cache} created (Gemini's {@code cachedContents}), per
 * deployment and prefix: created once, named by every request sharing the prefix until shortly
 * before they expire, then created anew. Safe from any event loop.
 *
 * <p>Design note. Concurrent requests with one new prefix wait for a single creation (the entry is
 * installed, pending, before the creation is sent). A creation that fails (a prefix the provider
 * finds too small, a model without caching, an outage) is remembered for {@link
 * ContextCacheSettings#retryAfter}, during which requests go whole and the provider's implicit
 * caching applies: caching never costs the client an error. Storage is billed per hour, so a cache
 * no request named for {@link ContextCacheSettings#idle} is deleted (best effort), as is the least
 * recently used one when the registry is full.
 */
public final class ContextCaches {

  private static final Logger LOG = Logger.getLogger(ContextCaches.class.getName());

  /** Sends a side request and reads its whole answer ({@link UpstreamClient#fetch}). */
  @FunctionalInterface
  public interface Sender {
    Future<UpstreamClient.Answer> send(UpstreamRequest request, Timeouts timeouts);
  }

  /**
   * What to send.
   *
   * @param cache the cache the request names, or null when it goes whole
   */
  public record Ready(UpstreamRequest request, String cache) {}

  /** One prefix's cache: creating, created, or failed to create. */
  private static final class Entry {
    final ContextCaching provider;
    final Timeouts timeouts;
    final Future<String> name; // completes with the name, or null when creation failed
    volatile Instant expires; // ready: when to stop naming it; failed: when to try again
    volatile Instant lastUsed;

    Entry(ContextCaching provider, Timeouts timeouts, Future<String> name, Instant now) {
      this.provider = provider;
      this.timeouts = timeouts;
      this.name = name;
      this.expires = Instant.MAX;
      this.lastUsed = now;
    }

    boolean pending() {
      return !name.isComplete();
    }

    String ready() {
      return name.isComplete() ? name.result() : null;
    }
  }

  private final Sender sender;
  private final Clock clock;
  private final ContextCacheSettings settings;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public ContextCaches(Sender sender, Clock clock, ContextCacheSettings settings) {
    this.sender = sender;
    this.clock = clock;
    this.settings = settings;
  }

  public ContextCacheSettings settings() {
    return settings;
  }

  /**
   * The request to send for {@code prefix} on {@code deployment}: naming a live cache, after
   * creating one if needed, or whole when none can be had. Never fails.
   */
  public Future<Ready> request(
      String deployment, ContextCaching provider, ContextCaching.Prefix prefix, Timeouts t) {
    String key = deployment + '\n' + prefix.key();
    Instant now = clock.instant();
    Promise<String> promise = Promise.promise();
    Entry fresh = new Entry(provider, t, promise.future(), now);
    Entry entry =
        entries.compute(
            key,
            (k, old) -> old != null && (old.pending() || now.isBefore(old.expires)) ? old : fresh);
    if (entry == fresh) { // ours to create; the others wait for it
      create(fresh, promise, prefix);
      bound();
    }
    entry.lastUsed = now;
    return entry.name.map(
        name ->
            name == null ? new Ready(prefix.whole(), null) : new Ready(prefix.using(name), name));
  }

  /**
   * As {@link #request}, after the provider said the cache {@code stale} is gone: the entry naming
   * it is dropped, so a new cache is created (once, for every request that saw it gone).
   */
  public Future<Ready> recreate(
      String deployment,
      ContextCaching provider,
      ContextCaching.Prefix prefix,
      Timeouts t,
      String stale) {
    entries.computeIfPresent(
        deployment + '\n' + prefix.key(), (k, e) -> stale.equals(e.ready()) ? null : e);
    return request(deployment, provider, prefix, t);
  }

  /** The live caches' number (tests, metrics). */
  public int size() {
    return entries.size();
  }

  private void create(Entry entry, Promise<String> promise, ContextCaching.Prefix prefix) {
    Instant asked = clock.instant();
    Future<UpstreamClient.Answer> answer;
    try {
      answer = sender.send(prefix.create(settings.ttl()), entry.timeouts);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(
        done -> {
          ContextCaching.Created made = null;
          if (done.succeeded() && done.result().status() / 100 == 2) {
            made = entry.provider.readCreated(done.result().body());
          }
          if (made == null) {
            LOG.log(
                Level.FINE,
                "context cache not created: {0}",
                done.succeeded() ? "status " + done.result().status() : done.cause().toString());
            entry.expires = clock.instant().plus(settings.retryAfter());
            promise.complete(null);
            return;
          }
          Instant expires = made.expires() != null ? made.expires() : asked.plus(settings.ttl());
          // Stop naming it a little before the provider drops it: a request in flight at the
          // expiry would 403. A tenth of its life, at most 30 s.
          Duration life = Duration.between(asked, expires);
          Duration margin = life.dividedBy(10);
          if (margin.compareTo(Duration.ofSeconds(30)) > 0) {
            margin = Duration.ofSeconds(30);
          }
          entry.expires = expires.minus(margin);
          promise.complete(made.name());
        });
  }

  /**
   * Drops what is no longer worth keeping: caches past their life (the provider dropped them),
   * caches unused for {@link ContextCacheSettings#idle} (deleted), failures whose wait is over. Run
   * periodically by the dispatcher's timer.
   */
  public void sweep() {
    Instant now = clock.instant();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      if (entry.pending()) {
        continue;
      }
      String name = entry.ready();
      boolean expired = !now.isBefore(entry.expires);
      boolean idle = !now.isBefore(entry.lastUsed.plus(settings.idle()));
      if ((expired || idle) && entries.remove(e.getKey(), entry) && name != null && !expired) {
        delete(entry, name);
      }
    }
  }

  /** Past the bound, evicts the least recently used settled entry, deleting its cache. */
  private void bound() {
    while (entries.size() > settings.maxEntries()) {
      Map.Entry<String, Entry> oldest = null;
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        if (!e.getValue().pending()
            && (oldest == null || e.getValue().lastUsed.isBefore(oldest.getValue().lastUsed))) {
          oldest = e;
        }
      }
      if (oldest == null || !entries.remove(oldest.getKey(), oldest.getValue())) {
        return; // all pending, or another thread took it: the next creation tries again
      }
      String name = oldest.getValue().ready();
      if (name != null) {
        delete(oldest.getValue(), name);
      }
    }
  }

  private void delete(Entry entry, String name) {
    try {
      sender
          .send(entry.provider.delete(name), entry.timeouts)
          .onFailure(e -> LOG.log(Level.FINE, "context cache not deleted: {0}", e.toString()));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "context cache not deleted: {0}", e.toString());
    }
  }
}
