package switchboard.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Notices that Redis lost its data (a restart without persistence, a flush, a failover to an empty
 * replica) and has the counters re-seeded from the ledger, the source of truth for spend.
 *
 * <p>A marker key is set with the counters; every {@code periodMs} each node checks it with one
 * {@code SET NX}: the node that finds it gone (and so sets it again) re-seeds. Seeding only fills
 * buckets that do not exist, so a second node seeding at the same moment changes nothing.
 */
public final class RedisRestartWatch {

  private static final Logger LOG = Logger.getLogger(RedisRestartWatch.class.getName());

  private final Redis redis;
  private final String marker;
  private final Supplier<Future<Void>> reseed;

  public RedisRestartWatch(Redis redis, String prefix, Supplier<Future<Void>> reseed) {
    this.redis = redis;
    this.marker = prefix + "seeded";
    this.reseed = reseed;
  }

  /** Checks once now and then every {@code periodMs}; returns the timer id. */
  public long start(Vertx vertx, long periodMs) {
    check();
    return vertx.setPeriodic(periodMs, id -> check());
  }

  /** Completes with whether the marker was missing (and a re-seed was started). */
  Future<Boolean> check() {
    return redis
        .send(Request.cmd(Command.SET).arg(marker).arg("1").arg("NX"))
        .compose(
            r -> {
              if (r == null) {
                return Future.succeededFuture(false); // the marker is there: nothing was lost
              }
              LOG.info(
                  "Redis holds no counters (restarted or flushed): re-seeding from the ledger");
              return reseed.get().map(true);
            })
        .recover(e -> Future.succeededFuture(false)); // unreachable: the next check tries again
  }
}
