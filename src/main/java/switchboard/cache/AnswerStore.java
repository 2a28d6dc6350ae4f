package switchboard.cache;

import io.vertx.core.Future;

/**
 * Where the response cache keeps its answers (a port): this process's memory ({@link
 * ResponseCache}) or, when nodes share one, Redis ({@code store/redis/RedisAnswerStore}). Keys are
 * {@link RequestKey}s, so they already carry the tenant. Both calls are for the event loop: they
 * never block, and a store that cannot be reached answers "absent" rather than fail (a cache that
 * is down is a miss, never an outage).
 */
public interface AnswerStore {

  /** The answer stored under {@code key} (a copy the caller may change), or null; never fails. */
  Future<StoredAnswer> get(String key);

  /** Stores {@code answer} for its own TTL; best effort, may be dropped (too big, store down). */
  void put(String key, StoredAnswer answer);
}
