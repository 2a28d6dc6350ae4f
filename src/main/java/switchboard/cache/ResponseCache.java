package switchboard.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;

/**
 * The exact-match response cache in this process: answers by {@link RequestKey}, bounded by bytes
 * (an entry weighs its JSON), each kept for its own TTL (Caffeine). Thread-safe; reads and writes
 * never block, so it is used on the event loop. Answers are copied in and out: nobody downstream
 * can change a stored one.
 */
public final class ResponseCache implements AnswerStore {

  private final Cache<String, StoredAnswer> entries;

  /**
   * @param maxBytes the bound on the stored answers' total size
   * @param nanos the clock TTLs are measured on (tests move it)
   */
  public ResponseCache(long maxBytes, Ticker nanos) {
    this.entries =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher((String key, StoredAnswer a) -> a.bytes())
            .expireAfter(
                new Expiry<String, StoredAnswer>() {
                  @Override
                  public long expireAfterCreate(String key, StoredAnswer a, long now) {
                    return a.ttlNanos();
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, StoredAnswer a, long now, long currentDuration) {
                    return a.ttlNanos();
                  }

                  @Override
                  public long expireAfterRead(
                      String key, StoredAnswer a, long now, long currentDuration) {
                    return currentDuration; // reads do not extend the TTL
                  }
                })
            .ticker(nanos)
            .executor(Runnable::run) // evictions on the caller's thread: no pool to shut down
            .build();
  }

  /** The stored answer under {@code key} (a copy), or null. */
  @Override
  public Future<StoredAnswer> get(String key) {
    StoredAnswer a = entries.getIfPresent(key);
    return Future.succeededFuture(a == null ? null : copy(a));
  }

  @Override
  public void put(String key, StoredAnswer answer) {
    entries.put(key, copy(answer));
  }

  /** The stored answers' total size now, in bytes (after pending evictions). */
  public long bytes() {
    entries.cleanUp();
    return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  private static StoredAnswer copy(StoredAnswer a) {
    return new StoredAnswer(
        a.answer().deepCopy(),
        a.provider(),
        a.model(),
        a.usage(),
        a.costUsd(),
        a.bytes(),
        a.ttlNanos());
  }
}
