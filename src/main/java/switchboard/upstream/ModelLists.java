package switchboard.upstream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import switchboard.provider.ModelLister;
import switchboard.provider.Provider;

/**
 * The model lists providers offer, fetched on first use and cached, so {@code /v1/models} lists
 * what each provider really serves beside the catalog. A list older than {@link #FRESH} is
 * refreshed in the background while the old one is served; a failed fetch is retried after {@link
 * #RETRY}, and until then the provider contributes only its catalog models. Never more than one
 * fetch per provider at a time.
 */
public final class ModelLists {

  static final Duration FRESH = Duration.ofMinutes(10);
  static final Duration RETRY = Duration.ofMinutes(1);
  private static final Timeouts TIMEOUTS =
      new Timeouts(
          Duration.ofSeconds(3),
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofSeconds(5));
  private static final Logger LOG = Logger.getLogger(ModelLists.class.getName());

  private final UpstreamClient upstream;
  private final LongSupplier nanos;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(
      List<String> models, long fetchedNanos, long retryAtNanos, Future<List<String>> pending) {}

  public ModelLists(UpstreamClient upstream, LongSupplier nanos) {
    this.upstream = upstream;
    this.nanos = nanos;
  }

  /**
   * The provider's own list: the cached one when fresh (or while a refresh runs), else a fetch that
   * completes within a few seconds. Never fails: an empty list when the provider offers none or
   * could not be reached.
   */
  public Future<List<String>> of(Provider provider) {
    if (!(provider instanceof ModelLister lister)) {
      return Future.succeededFuture(List.of());
    }
    long now = nanos.getAsLong();
    Entry entry = entries.get(provider.id());
    if (entry != null) {
      if (entry.pending() != null) {
        return entry.models().isEmpty() ? entry.pending() : Future.succeededFuture(entry.models());
      }
      boolean fresh = now - entry.fetchedNanos() < FRESH.toNanos();
      if (fresh || now < entry.retryAtNanos()) {
        return Future.succeededFuture(entry.models());
      }
    }
    List<String> old = entry == null ? List.of() : entry.models();
    Promise<List<String>> done = Promise.promise();
    Entry pending = new Entry(old, entry == null ? 0 : entry.fetchedNanos(), 0, done.future());
    // Claim the fetch before it starts (its answer may land on another thread at once); a caller
    // that lost the race to another event loop takes that one's entry instead.
    Entry claimed = entries.compute(provider.id(), (id, e) -> e == entry ? pending : e);
    if (claimed != pending) {
      return claimed.pending() != null && claimed.models().isEmpty()
          ? claimed.pending()
          : Future.succeededFuture(claimed.models());
    }
    fetch(provider, lister, old, done);
    return old.isEmpty() ? done.future() : Future.succeededFuture(old);
  }

  private void fetch(
      Provider provider, ModelLister lister, List<String> old, Promise<List<String>> done) {
    upstream
        .fetch(lister.listModels(), TIMEOUTS)
        .map(
            answer -> {
              if (answer.status() / 100 != 2) {
                throw new IllegalStateException("answered " + answer.status());
              }
              return lister.readModels(answer.body());
            })
        .onComplete(
            r -> {
              long now = nanos.getAsLong();
              if (r.succeeded()) {
                List<String> models = List.copyOf(r.result());
                entries.put(provider.id(), new Entry(models, now, 0, null));
                done.complete(models);
              } else {
                LOG.log(
                    Level.INFO,
                    "model list of " + provider.id() + " unavailable: " + r.cause().getMessage());
                entries.put(
                    provider.id(),
                    new Entry(old, now - FRESH.toNanos(), now + RETRY.toNanos(), null));
                done.complete(old);
              }
            });
  }
}
