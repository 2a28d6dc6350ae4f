package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Reply;
import switchboard.store.redis.LocalServices;

/**
 * Two gateway nodes, each with its own data dir, sharing the machine's Redis (issue 16): an answer
 * cached through one node is a hit on the other, in the same tenant only.
 */
class SharedResponseCacheIT {

  private static final String ALICE = "sk-sb-shared-cache-alice-0123456789";
  private static final String BOB = "sk-sb-shared-cache-bob-0123456789";
  private static final String YAML =
      "keys:\n  - name: alice\n    secret: " + ALICE + "\n  - name: bob\n    secret: " + BOB + "\n";

  @TempDir Path dir;
  FakeOpenAi openai;
  GatewayFixture a;
  GatewayFixture b;

  @BeforeEach
  void start() {
    LocalServices.requireRedis();
    openai = FakeOpenAi.start();
    Map<String, String> env = new HashMap<>(GatewayFixture.openAi(openai));
    env.put("SWITCHBOARD_REDIS_URL", LocalServices.REDIS_URL);
    env.put("SWITCHBOARD_REDIS_PREFIX", "sbtest:" + UUID.randomUUID() + ":");
    a = GatewayFixture.startWithConfig(dir.resolve("a"), env, YAML);
    b = GatewayFixture.startWithConfig(dir.resolve("b"), env, YAML);
  }

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
      b.close();
      openai.close();
    }
  }

  private static String chat(String question, boolean stream) {
    return "{\"model\":\"openai/gpt-4o-mini\",\"stream\":"
        + stream
        + ",\"switchboard\":{\"cache\":{\"ttl\":60}},\"messages\":[{\"role\":\"user\",\"content\":\""
        + question
        + "\"}]}";
  }

  private static HttpResponse<String> ask(GatewayFixture node, String key, String body) {
    return node.post("/v1/chat/completions", body, "authorization", "Bearer " + key);
  }

  /**
   * Asks {@code node} until it answers from the cache (bounded): the answer's write to Redis
   * follows its delivery. Asked of the node that stored it, so a miss meanwhile stores the same.
   */
  private static HttpResponse<String> askUntilHit(GatewayFixture node, String key, String body)
      throws InterruptedException {
    long until = System.nanoTime() + 5_000_000_000L;
    HttpResponse<String> r = ask(node, key, body);
    while (!"hit".equals(r.headers().firstValue("x-switchboard-cache").orElse(""))
        && System.nanoTime() < until) {
      Thread.sleep(50);
      r = ask(node, key, body);
    }
    return r;
  }

  @Test
  void anAnswerCachedThroughOneNodeIsAHitOnTheOther() throws Exception {
    openai.then(Reply.text("Paris is the capital of France.").usage(12, 8, 0));
    HttpResponse<String> first = ask(a, ALICE, chat("Capital of France?", false));
    assertThat(first.headers().firstValue("x-switchboard-cache")).hasValue("miss");

    // A hit on A is a hit in Redis: A keeps nothing of its own.
    assertThat(askUntilHit(a, ALICE, chat("Capital of France?", false)).body()).contains("Paris");
    HttpResponse<String> second = ask(b, ALICE, chat("Capital of France?", false));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("x-switchboard-cache")).hasValue("hit");
    assertThat(second.headers().firstValue("x-switchboard-attempts")).hasValue("0");
    assertThat(second.headers().firstValue("x-switchboard-model")).hasValue("openai/gpt-4o-mini");
    assertThat(GatewayFixture.json(second.body()).at("/choices/0/message/content").asText())
        .isEqualTo("Paris is the capital of France.");
    // Node B answered as a stream too, from the same entry.
    HttpResponse<String> streamed = ask(b, ALICE, chat("Capital of France?", true));
    assertThat(streamed.headers().firstValue("x-switchboard-cache")).hasValue("hit");
    assertThat(streamed.body()).contains("data: [DONE]").contains("capital");
    assertThat(openai.requests()).hasSize(1);
    // What the answer first cost is recorded as B's saving.
    Map<String, Object> hit = b.record(second.headers().firstValue("x-request-id").orElseThrow());
    assertThat(((Number) hit.get("savings_usd")).doubleValue()).isPositive();
  }

  @Test
  void anotherTenantMissesOnEveryNode() throws Exception {
    openai.then(Reply.text("Alice's answer.")).then(Reply.text("Bob's answer."));
    ask(a, ALICE, chat("Who am I?", false));
    // Alice's answer is in Redis (A hits it) before Bob asks the same on B.
    assertThat(askUntilHit(a, ALICE, chat("Who am I?", false)).body()).contains("Alice's answer.");
    HttpResponse<String> aliceOnB = ask(b, ALICE, chat("Who am I?", false));
    assertThat(aliceOnB.headers().firstValue("x-switchboard-cache")).hasValue("hit");

    HttpResponse<String> bob = ask(b, BOB, chat("Who am I?", false));
    assertThat(bob.headers().firstValue("x-switchboard-cache")).hasValue("miss");
    assertThat(bob.body()).contains("Bob's answer.");
    assertThat(askUntilHit(b, BOB, chat("Who am I?", false)).body()).contains("Bob's answer.");
    HttpResponse<String> bobOnA = ask(a, BOB, chat("Who am I?", false));
    assertThat(bobOnA.headers().firstValue("x-switchboard-cache")).hasValue("hit");
    assertThat(bobOnA.body()).contains("Bob's answer.");
    assertThat(openai.requests()).hasSize(2);
  }
}
