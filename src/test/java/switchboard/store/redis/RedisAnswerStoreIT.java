package switchboard.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import switchboard.cache.StoredAnswer;
import switchboard.model.Usage;

/** The shared response cache's store against the machine's Redis, and against none at all. */
class RedisAnswerStoreIT {

  private final Vertx vertx = Vertx.vertx();
  private final String prefix = "sbtest:" + UUID.randomUUID() + ":";

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static StoredAnswer answer(String text, long ttlMs) {
    ObjectNode a = JsonNodeFactory.instance.objectNode().put("object", "chat.completion");
    a.putArray("choices")
        .addObject()
        .put("finish_reason", "stop")
        .putObject("message")
        .put("content", text);
    return StoredAnswer.of(
        a,
        "openai",
        "openai/gpt-4o-mini",
        new Usage(12, 2, 1, 8, 3),
        0.0042,
        TimeUnit.MILLISECONDS.toNanos(ttlMs));
  }

  @Test
  void anAnswerComesBackWhole_withItsTtlInRedis() throws Exception {
    LocalServices.requireRedis();
    Redis redis = RedisClients.open(vertx, LocalServices.REDIS_URL);
    RedisAnswerStore store = new RedisAnswerStore(redis, prefix, 1 << 20, 1000);
    store.put("k1", answer("Paris.", 60_000));
    StoredAnswer back = awaitPresent(store, "k1");

    assertThat(back.answer()).isEqualTo(answer("Paris.", 1).answer());
    assertThat(back.provider()).isEqualTo("openai");
    assertThat(back.model()).isEqualTo("openai/gpt-4o-mini");
    assertThat(back.usage()).isEqualTo(new Usage(12, 2, 1, 8, 3));
    assertThat(back.costUsd()).isEqualTo(0.0042);
    long pttl = await(redis.send(Request.cmd(Command.PTTL).arg(prefix + "cache:k1"))).toLong();
    assertThat(pttl).isBetween(50_000L, 60_000L);
    assertThat(await(store.get("other"))).isNull();
    await(redis.send(Request.cmd(Command.DEL).arg(prefix + "cache:k1")));
  }

  @Test
  void anEntryExpiresWithItsTtl_andOneTooBigIsNotStored() throws Exception {
    LocalServices.requireRedis();
    Redis redis = RedisClients.open(vertx, LocalServices.REDIS_URL);
    RedisAnswerStore store = new RedisAnswerStore(redis, prefix, 400, 1000);
    store.put("short", answer("soon gone", 300));
    store.put("big", answer("x".repeat(500), 60_000));
    assertThat(awaitPresent(store, "short")).isNotNull();
    Thread.sleep(400);
    assertThat(await(store.get("short"))).isNull();
    Response keys = await(redis.send(Request.cmd(Command.KEYS).arg(prefix + "*")));
    assertThat(keys.size()).as("nothing left, the big one never stored").isZero();
  }

  @Test
  void withRedisGoneAReadIsAMissAndAWriteIsDropped() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // free once closed: nothing listens there
    }
    Redis redis = RedisClients.open(vertx, "redis://127.0.0.1:" + closed);
    RedisAnswerStore store = new RedisAnswerStore(redis, prefix, 1 << 20, 250);
    store.put("k", answer("lost", 60_000));
    long t0 = System.nanoTime();
    assertThat(await(store.get("k"))).isNull();
    assertThat(await(store.get("k"))).isNull();
    assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L);
  }

  private static StoredAnswer awaitPresent(RedisAnswerStore store, String key) throws Exception {
    long until = System.nanoTime() + 2_000_000_000L;
    StoredAnswer a = await(store.get(key));
    while (a == null && System.nanoTime() < until) {
      Thread.sleep(10);
      a = await(store.get(key));
    }
    return a;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
