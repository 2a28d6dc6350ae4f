package switchboard.store.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 (EVALSHA), so the hot path sends a few dozen bytes, not the body;
 * sent whole (EVAL) only when Redis does not know it yet, e.g. after a restart.
 */
final class RedisScript {

  private final String body;
  private final String sha;

  RedisScript(String body) {
    this.body = body;
    this.sha = sha1(body);
  }

  /** Runs the script on one key with these arguments. */
  Future<Response> run(Redis redis, String key, Object... args) {
    return redis
        .send(request(Command.EVALSHA, sha, key, args))
        .recover(
            e ->
                String.valueOf(e.getMessage()).startsWith("NOSCRIPT")
                    ? redis.send(request(Command.EVAL, body, key, args))
                    : Future.failedFuture(e));
  }

  private static Request request(Command command, String script, String key, Object[] args) {
    Request r = Request.cmd(command).arg(script).arg(1).arg(key);
    for (Object a : args) {
      r.arg(String.valueOf(a));
    }
    return r;
  }

  private static String sha1(String body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
