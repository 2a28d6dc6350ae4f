package switchboard.store.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import switchboard.cache.AnswerStore;
import switchboard.cache.StoredAnswer;
import switchboard.model.Usage;

/**
 * The response cache shared by every node on one Redis (issue 16): an answer stored through one
 * node is a hit on all. One string key per answer, {@code <prefix>cache:<request key>}, set with
 * its own TTL ({@code SET .. PX}), so Redis drops it when it expires; answers larger than {@code
 * maxEntryBytes} are not stored, so one huge answer cannot crowd out the rest.
 *
 * <p>Fails open: a read that fails or takes longer than {@code timeoutMs} is a miss, a write that
 * fails is dropped. An outage is logged once when it starts and once when Redis answers again, not
 * per request.
 */
public final class RedisAnswerStore implements AnswerStore {

  private static final Logger LOG = Logger.getLogger(RedisAnswerStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Redis redis;
  private final String prefix;
  private final int maxEntryBytes;
  private final long timeoutMs;
  private final AtomicBoolean down = new AtomicBoolean();

  /**
   * @param prefix put before every key (the cluster's {@code SWITCHBOARD_REDIS_PREFIX})
   * @param maxEntryBytes the largest answer stored, as its JSON
   * @param timeoutMs how long a read may take before it counts as a miss
   */
  public RedisAnswerStore(Redis redis, String prefix, int maxEntryBytes, long timeoutMs) {
    this.redis = redis;
    this.prefix = prefix + "cache:";
    this.maxEntryBytes = maxEntryBytes;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<StoredAnswer> get(String key) {
    return redis
        .send(Request.cmd(Command.GET).arg(prefix + key))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(
            r -> {
              up();
              return r == null ? null : decode(r);
            })
        .otherwise(
            e -> {
              failed(e);
              return null;
            });
  }

  @Override
  public void put(String key, StoredAnswer answer) {
    String value = encode(answer);
    if (value.length() > maxEntryBytes) {
      return; // too big to share: the next ask calls the provider again
    }
    long ttlMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(answer.ttlNanos()));
    redis
        .send(Request.cmd(Command.SET).arg(prefix + key).arg(value).arg("PX").arg(ttlMs))
        .onSuccess(r -> up())
        .onFailure(this::failed);
  }

  /** Compact JSON: the answer and who produced it at what cost (a hit's saving). */
  static String encode(StoredAnswer a) {
    ObjectNode n = JSON.createObjectNode();
    n.set("a", a.answer());
    n.put("p", a.provider()).put("m", a.model()).put("c", a.costUsd());
    Usage u = a.usage();
    n.putArray("u")
        .add(u.input())
        .add(u.cacheRead())
        .add(u.cacheWrite())
        .add(u.output())
        .add(u.reasoning());
    return n.toString();
  }

  /** The stored answer, or null when the value is not one of ours (a miss, not an error). */
  static StoredAnswer decode(Response r) {
    try {
      String text = r.toString();
      var n = JSON.readTree(text);
      var u = n.path("u");
      if (!n.path("a").isObject() || u.size() != 5) {
        return null;
      }
      Usage usage =
          new Usage(
              u.get(0).asLong(),
              u.get(1).asLong(),
              u.get(2).asLong(),
              u.get(3).asLong(),
              u.get(4).asLong());
      // The TTL is Redis's business now: what is read was still live.
      return new StoredAnswer(
          (ObjectNode) n.get("a"),
          n.path("p").asText(),
          n.path("m").asText(),
          usage,
          n.path("c").asDouble(),
          text.length(),
          0);
    } catch (Exception e) {
      return null;
    }
  }

  private void up() {
    if (down.compareAndSet(true, false)) {
      LOG.info("the shared response cache (Redis) answers again");
    }
  }

  private void failed(Throwable e) {
    if (down.compareAndSet(false, true)) {
      // The message only: it names no key and no prompt.
      LOG.warning(
          "the shared response cache (Redis) cannot be reached; serving as cache misses until it"
              + " answers: "
              + e.getClass().getSimpleName());
    }
  }
}
