package switchboard.store.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Redis a gateway shares with its other nodes, from {@code SWITCHBOARD_REDIS_URL} (SPEC §1),
 * under the key prefix {@code SWITCHBOARD_REDIS_PREFIX} (default {@code switchboard:}, so one Redis
 * can hold several clusters or test runs). Start-up fails with a clear message when the URL is
 * malformed or Redis does not answer, rather than start a node that cannot count budgets.
 */
public final class SharedState {

  public static final String DEFAULT_PREFIX = "switchboard:";

  private SharedState() {}

  /** The connected client, or null when {@code SWITCHBOARD_REDIS_URL} is unset. */
  public static Redis connect(Vertx vertx, Map<String, String> env) throws Exception {
    String url = env.get("SWITCHBOARD_REDIS_URL");
    if (url == null || url.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("SWITCHBOARD_REDIS_URL is not a URL (redis://host:port)");
    }
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "SWITCHBOARD_REDIS_URL must look like redis://[user:password@]host:port[/db]");
    }
    // The message names host and port only: the URL may hold a password.
    String where = uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
    Redis redis = RedisClients.open(vertx, url.trim());
    try {
      redis
          .send(Request.cmd(Command.PING))
          .toCompletionStage()
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      redis.close();
      throw new IllegalStateException(
          "SWITCHBOARD_REDIS_URL: Redis at "
              + where
              + " does not answer; start it or unset the"
              + " variable to count budgets and rate limits in this process",
          e);
    }
    return redis;
  }

  /** The key prefix every shared key starts with. */
  public static String prefix(Map<String, String> env) {
    String p = env.get("SWITCHBOARD_REDIS_PREFIX");
    return p == null || p.isBlank() ? DEFAULT_PREFIX : p.trim();
  }
}
