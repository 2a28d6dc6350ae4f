package switchboard.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;

/**
 * Optional: a provider with explicit context caches (Gemini's {@code cachedContents}) that the
 * gateway creates for {@code auto_cache} and names in later requests. Pure like {@link Provider}:
 * it prepares the requests; {@code route/ContextCaches} sends them and remembers the caches.
 */
public interface ContextCaching {

  /** One request's cacheable prefix and the requests around it. */
  interface Prefix {

    /** The model and the prefix hashed: equal for every request that can share the cache. */
    String key();

    /** The request creating a cache that holds the prefix for {@code ttl}. */
    UpstreamRequest create(Duration ttl);

    /** The request itself, naming the cache {@code name} instead of carrying the prefix. */
    UpstreamRequest using(String name);

    /** The request itself, whole (no cache: the provider's implicit caching applies). */
    UpstreamRequest whole();
  }

  /**
   * A created cache.
   *
   * @param expires when the provider drops it, or null when its answer did not say
   */
  record Created(String name, Instant expires) {}

  /** A chat request's prefix ({@link Provider#chat}'s body), or null when not worth a cache. */
  Prefix chatPrefix(ObjectNode body, String model, boolean stream);

  /** A passthrough request's prefix ({@link Provider#passthrough}'s body), or null likewise. */
  Prefix passthroughPrefix(ObjectNode body, String model, boolean stream);

  /** The cache a successful creation answer describes, or null when it names none. */
  Created readCreated(Buffer body);

  /** The request deleting the cache {@code name}. */
  UpstreamRequest delete(String name);

  /** Whether an error answer says the cache a request named is gone (expired or evicted). */
  boolean cacheGone(int status, Buffer body);
}
