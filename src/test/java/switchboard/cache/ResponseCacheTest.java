package switchboard.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import switchboard.model.Usage;

/** The response cache's bound, TTLs and tenant isolation. */
class ResponseCacheTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final AtomicLong now = new AtomicLong();
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  private static ObjectNode request(String question) {
    ObjectNode r = JSON.createObjectNode();
    r.putArray("messages").addObject().put("role", "user").put("content", question);
    return r;
  }

  private static StoredAnswer answer(String text, long ttl) {
    ObjectNode a = JSON.createObjectNode().put("object", "chat.completion");
    a.putArray("choices").addObject().putObject("message").put("content", text);
    return StoredAnswer.of(a, "openai", "openai/gpt-5", Usage.NONE, 0.001, ttl);
  }

  @Test
  void anAnswerIsServedUntilItsTtlThenNoMore() {
    ResponseCache cache = new ResponseCache(1 << 20, now::get);
    cache.put("k", answer("a", MINUTE));
    now.addAndGet(MINUTE - 1);
    assertThat(cache.get("k").result()).isNotNull();
    now.addAndGet(1);
    assertThat(cache.get("k").result()).isNull();
  }

  @Test
  void eachEntryKeepsItsOwnTtlAndReadsDoNotExtendIt() {
    ResponseCache cache = new ResponseCache(1 << 20, now::get);
    cache.put("short", answer("a", MINUTE));
    cache.put("long", answer("b", 10 * MINUTE));
    for (int i = 0; i < 5; i++) {
      now.addAndGet(MINUTE / 5);
      cache.get("short").result();
    }
    assertThat(cache.get("short").result()).isNull();
    assertThat(cache.get("long").result()).isNotNull();
  }

  @Test
  void theStoreStaysWithinItsBytes() {
    long bound = 20_000;
    ResponseCache cache = new ResponseCache(bound, now::get);
    String text = "x".repeat(1_000);
    for (int i = 0; i < 200; i++) {
      cache.put("k" + i, answer(text + i, MINUTE));
    }
    assertThat(cache.bytes()).isLessThanOrEqualTo(bound).isGreaterThan(bound / 2);
  }

  @Test
  void storedAnswersCannotBeChangedFromOutside() {
    ResponseCache cache = new ResponseCache(1 << 20, now::get);
    StoredAnswer a = answer("original", MINUTE);
    cache.put("k", a);
    a.answer().put("object", "changed");
    cache.get("k").result().answer().put("object", "changed too");
    assertThat(cache.get("k").result().answer().path("object").asText())
        .isEqualTo("chat.completion");
  }

  @Test
  void tenantsNeverShareAnEntry() {
    ObjectNode q = request("What is the refund policy?");
    String a = RequestKey.of("key:a", "openai/gpt-5", List.of(), q);
    String b = RequestKey.of("key:b", "openai/gpt-5", List.of(), q);
    String team = RequestKey.of("team:acme", "openai/gpt-5", List.of(), q);
    assertThat(a).isNotEqualTo(b).isNotEqualTo(team);
    ResponseCache cache = new ResponseCache(1 << 20, now::get);
    cache.put(a, answer("for a", MINUTE));
    assertThat(cache.get(b).result()).isNull();
    assertThat(cache.get(team).result()).isNull();
    assertThat(cache.get(a).result()).isNotNull();
  }

  @Test
  void theCacheChoiceFollowsTheOptions() {
    var none = new switchboard.pipeline.GatewayOptions(null, null, List.of(), null, null, null);
    Duration d = Duration.ofMinutes(5);
    assertThat(CacheChoice.of(none, d).on()).isFalse();
    assertThat(CacheChoice.of(with(null, "true"), d).ttl()).isEqualTo(d);
    assertThat(CacheChoice.of(with(null, "{\"ttl\":60}"), d).ttl()).hasSeconds(60);
    assertThat(CacheChoice.of(with(null, "false"), d).on()).isFalse();
    // auto_cache: false bypasses every cache
    assertThat(CacheChoice.of(with(false, "true"), d).on()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CacheChoice.of(with(null, "{\"ttl\":0}"), d))
        .hasMessageContaining("switchboard.cache.ttl");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CacheChoice.of(with(null, "1"), d))
        .hasMessageContaining("'switchboard.cache' must be");
  }

  private static switchboard.pipeline.GatewayOptions with(Boolean autoCache, String cache) {
    try {
      return new switchboard.pipeline.GatewayOptions(
          autoCache, JSON.readTree(cache), List.of(), null, null, null);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
