package switchboard.store.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Duration;
import switchboard.access.Counters;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * {@link Counters} shared by every node on one Redis: each call is one Lua script, so a check and
 * its addition are atomic across nodes exactly as {@code MemoryCounters} is within one process.
 *
 * <p>When Redis cannot be reached, rate limits fail open (the request is let through, counted
 * nowhere) and hard budgets fail closed with a 503: spending money the gateway cannot count is the
 * one outcome a budget exists to prevent. Soft budgets let the request through. Spend settled while
 * Redis is away is not lost: the ledger keeps it, and {@link RedisRestartWatch} re-seeds the
 * counters from the ledger once Redis is back.
 */
public final class RedisCounters implements Counters {

  // Budget buckets: a hash {c: committed, r: reserved}, kept 40 days after their last use (the
  // longest period is a month; a bucket is named after its period's start, so old ones go idle).
  private static final long BUDGET_TTL_MS = Duration.ofDays(40).toMillis();

  // Rate windows: a hash {s: window start, u: used}, kept two windows long.
  private static final long WINDOW_TTL_MS = Duration.ofMinutes(2).toMillis();

  private static final RedisScript RESERVE =
      new RedisScript(
          """
          local c = tonumber(redis.call('HGET', KEYS[1], 'c') or '0')
          local r = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
          if ARGV[3] == '1' and c + r >= tonumber(ARGV[2]) then return 0 end
          redis.call('HINCRBY', KEYS[1], 'r', ARGV[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
          return 1
          """);

  private static final RedisScript SETTLE =
      new RedisScript(
          """
          local r = redis.call('HINCRBY', KEYS[1], 'r', ARGV[1])
          if r < 0 then redis.call('HSET', KEYS[1], 'r', 0) end
          local c = redis.call('HINCRBY', KEYS[1], 'c', ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          return c
          """);

  // Seeding raises the committed amount to the ledger's, never lowers it: the ledger never holds
  // more than was settled, so the larger figure is the truer one. This also repairs a bucket that
  // a settle re-created between a Redis restart and its re-seed.
  private static final RedisScript SEED =
      new RedisScript(
          """
          local c = tonumber(redis.call('HGET', KEYS[1], 'c') or '-1')
          if c < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'c', ARGV[1]) end
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 0
          """);

  private static final RedisScript TAKE =
      new RedisScript(
          """
          local used = 0
          if redis.call('HGET', KEYS[1], 's') == ARGV[1] then
            used = tonumber(redis.call('HGET', KEYS[1], 'u') or '0')
          else
            redis.call('HSET', KEYS[1], 's', ARGV[1], 'u', 0)
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
          end
          local amount = tonumber(ARGV[2])
          if used > 0 and used + amount > tonumber(ARGV[3]) then return {0, used} end
          return {1, redis.call('HINCRBY', KEYS[1], 'u', amount)}
          """);

  private static final RedisScript ADJUST =
      new RedisScript(
          """
          if redis.call('HGET', KEYS[1], 's') ~= ARGV[1] then return 0 end
          local u = redis.call('HINCRBY', KEYS[1], 'u', ARGV[2])
          if u < 0 then redis.call('HSET', KEYS[1], 'u', 0) end
          return 0
          """);

  private final Redis redis;
  private final String prefix;

  /**
   * @param prefix put before every key, so several gateways (or test runs) can share one Redis
   */
  public RedisCounters(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  public Future<Boolean> reserve(String bucket, long amount, long limit, boolean enforce) {
    return RESERVE
        .run(redis, budgetKey(bucket), amount, limit, enforce ? 1 : 0, BUDGET_TTL_MS)
        .map(r -> r.toInteger() == 1)
        .recover(
            e ->
                enforce
                    ? Future.failedFuture(unavailable())
                    : Future.succeededFuture(Boolean.TRUE));
  }

  @Override
  public Future<Long> settle(String bucket, long reserved, long actual) {
    return SETTLE
        .run(redis, budgetKey(bucket), -reserved, actual, BUDGET_TTL_MS)
        .map(Response::toLong);
  }

  @Override
  public Future<Balance> balance(String bucket) {
    return redis
        .send(
            io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HMGET)
                .arg(budgetKey(bucket))
                .arg("c")
                .arg("r"))
        .map(r -> new Balance(longOrZero(r.get(0)), longOrZero(r.get(1))));
  }

  @Override
  public Future<Void> seed(String bucket, long committed) {
    return SEED.run(redis, budgetKey(bucket), committed, BUDGET_TTL_MS).mapEmpty();
  }

  @Override
  public Future<Window> take(String bucket, long windowStartMs, long amount, long limit) {
    return TAKE.run(redis, windowKey(bucket), windowStartMs, amount, limit, WINDOW_TTL_MS)
        .map(r -> new Window(r.get(0).toInteger() == 1, r.get(1).toLong()))
        // Rate limits fail open: an unreachable Redis must not turn into an outage.
        .recover(e -> Future.succeededFuture(new Window(true, 0)));
  }

  @Override
  public Future<Void> adjust(String bucket, long windowStartMs, long delta) {
    return ADJUST
        .run(redis, windowKey(bucket), windowStartMs, delta)
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  @Override
  public Future<Boolean> claim(String slot, long ttlMs) {
    // SET NX: exactly one node across the cluster gets "OK", the others null.
    return redis
        .send(
            io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SET)
                .arg(prefix + "once:" + slot)
                .arg("1")
                .arg("NX")
                .arg("PX")
                .arg(Math.max(1, ttlMs)))
        .map(r -> r != null);
  }

  private String budgetKey(String bucket) {
    return prefix + "budget:" + bucket;
  }

  private String windowKey(String bucket) {
    return prefix + "rate:" + bucket;
  }

  private static long longOrZero(Response r) {
    return r == null ? 0 : r.toLong();
  }

  private static GatewayException unavailable() {
    return new GatewayException(
        ErrorKind.UPSTREAM_FAILED,
        503,
        "The budget store (Redis) cannot be reached, so this key's hard budget cannot be checked;"
            + " the request was not sent. Retry shortly.",
        null,
        "budget_store_unavailable",
        Duration.ofSeconds(1));
  }
}
