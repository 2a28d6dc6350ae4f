package switchboard.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import switchboard.access.Counters;
import switchboard.pipeline.GatewayException;

/** The shared counters against the machine's real Redis, each run under its own key prefix. */
class RedisCountersIT {

  private final List<Vertx> nodes = new ArrayList<>();
  private final String prefix = "sbtest:" + UUID.randomUUID() + ":";

  @BeforeEach
  void redisIsThere() {
    LocalServices.requireRedis();
  }

  @AfterEach
  void cleanUp() throws Exception {
    Redis redis = client(node(), LocalServices.REDIS_URL);
    var keys = await(redis.send(Request.cmd(Command.KEYS).arg(prefix + "*")));
    for (var k : keys) {
      await(redis.send(Request.cmd(Command.DEL).arg(k.toString())));
    }
    for (Vertx v : nodes) {
      v.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void reserveSettleAndReleaseAsInProcess() throws Exception {
    Counters c = counters(node());
    assertThat(await(c.reserve("b", 40, 100, true))).isTrue();
    assertThat(await(c.reserve("b", 40, 100, true))).isTrue();
    assertThat(await(c.balance("b"))).isEqualTo(new Counters.Balance(0, 80));
    assertThat(await(c.settle("b", 40, 30))).isEqualTo(30);
    assertThat(await(c.settle("b", 40, 0))).as("released").isEqualTo(30);
    assertThat(await(c.balance("b"))).isEqualTo(new Counters.Balance(30, 0));
    assertThat(await(c.settle("b", 0, 70))).isEqualTo(100);
    assertThat(await(c.reserve("b", 1, 100, true))).as("spent").isFalse();
    assertThat(await(c.reserve("b", 1, 100, false))).as("soft").isTrue();
    assertThat(await(c.settle("b", 500, 0))).as("never below zero reserved").isEqualTo(100);
    assertThat(await(c.balance("b")).reserved()).isZero();
    assertThat(await(c.balance("never-used"))).isEqualTo(new Counters.Balance(0, 0));
  }

  @Test
  void seedingRaisesToTheLedgerButNeverLowers() throws Exception {
    Counters c = counters(node());
    await(c.settle("b", 0, 5));
    await(c.seed("b", 1000));
    await(c.seed("c", 1000));
    await(c.seed("c", 10));
    assertThat(await(c.balance("b")).committed()).isEqualTo(1000);
    assertThat(await(c.balance("c")).committed()).isEqualTo(1000);
  }

  @Test
  void concurrentReservationsFromThreeNodesOvershootByAtMostOne() throws Exception {
    long limit = 1000;
    long amount = 30;
    List<Counters> three = List.of(counters(node()), counters(node()), counters(node()));
    AtomicInteger admitted = new AtomicInteger();
    List<Future<Boolean>> all = new ArrayList<>();
    for (int i = 0; i < 210; i++) {
      all.add(
          three
              .get(i % 3)
              .reserve("race", amount, limit, true)
              .onSuccess(ok -> admitted.addAndGet(ok ? 1 : 0)));
    }
    await(Future.all(all));
    // 34 reservations of 30: the 34th starts at 990 < 1000 and ends at 1020.
    assertThat(admitted.get()).isEqualTo(34);
    assertThat(await(three.get(1).balance("race")).reserved()).isEqualTo(34 * amount);
  }

  @Test
  void windowsStartFromZeroAndAdjustOnlyTheCurrentOne() throws Exception {
    Counters c = counters(node());
    assertThat(await(c.take("w", 0, 1, 2))).isEqualTo(new Counters.Window(true, 1));
    assertThat(await(c.take("w", 0, 1, 2))).isEqualTo(new Counters.Window(true, 2));
    assertThat(await(c.take("w", 0, 1, 2))).isEqualTo(new Counters.Window(false, 2));
    await(c.adjust("w", 0, -1));
    assertThat(await(c.take("w", 0, 1, 2)).taken()).isTrue();
    assertThat(await(c.take("w", 60_000, 1, 2))).isEqualTo(new Counters.Window(true, 1));
    await(c.adjust("w", 0, -5)); // an old window: ignored
    assertThat(await(c.take("w", 60_000, 1, 2))).isEqualTo(new Counters.Window(true, 2));
    assertThat(await(c.take("big", 0, 50, 10)).taken()).as("first in window").isTrue();
  }

  @Test
  void unreachableRedisFailsRateLimitsOpenAndHardBudgetsClosed() throws Exception {
    // Nothing listens on port 1: every command fails to connect.
    Counters c = new RedisCounters(client(node(), "redis://127.0.0.1:1"), prefix);
    assertThat(await(c.take("w", 0, 1, 1)).taken()).as("rate limit fails open").isTrue();
    assertThat(await(c.reserve("b", 1, 100, false))).as("soft budget lets through").isTrue();
    Throwable hard =
        c.reserve("b", 1, 100, true)
            .toCompletionStage()
            .handle((v, e) -> e)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertThat(hard).isInstanceOf(GatewayException.class);
    assertThat(((GatewayException) hard).status()).isEqualTo(503);
    assertThat(((GatewayException) hard).code()).isEqualTo("budget_store_unavailable");
  }

  @Test
  void aRedisThatLostItsDataIsReseeded() throws Exception {
    Vertx v = node();
    Redis redis = client(v, LocalServices.REDIS_URL);
    AtomicInteger reseeds = new AtomicInteger();
    RedisRestartWatch watch =
        new RedisRestartWatch(
            redis,
            prefix,
            () -> {
              reseeds.incrementAndGet();
              return Future.succeededFuture();
            });
    assertThat(await(watch.check())).as("first sight of this prefix").isTrue();
    assertThat(await(watch.check())).as("marker still there").isFalse();
    await(redis.send(Request.cmd(Command.DEL).arg(prefix + "seeded"))); // as after a restart
    assertThat(await(watch.check())).isTrue();
    assertThat(reseeds.get()).isEqualTo(2);
  }

  private Vertx node() {
    Vertx v = Vertx.vertx();
    nodes.add(v);
    return v;
  }

  private RedisCounters counters(Vertx v) {
    return new RedisCounters(client(v, LocalServices.REDIS_URL), prefix);
  }

  private static Redis client(Vertx v, String url) {
    return RedisClients.open(v, url);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
