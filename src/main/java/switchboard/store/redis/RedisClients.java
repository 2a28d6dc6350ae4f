package switchboard.store.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** The one way the gateway opens Redis: pooled, with a deep queue for bursts of requests. */
public final class RedisClients {

  private RedisClients() {}

  /**
   * A client for {@code url} ({@code redis://[user:password@]host:port[/db]}). Each command borrows
   * a pooled connection; when all are busy, commands wait in a queue deep enough for a burst of a
   * few thousand requests rather than fail.
   */
  public static Redis open(Vertx vertx, String url) {
    return Redis.createClient(
        vertx,
        new RedisOptions()
            .setConnectionString(url)
            .setMaxPoolSize(32)
            .setMaxPoolWaiting(8192)
            .setMaxWaitingHandlers(8192));
  }
}
