package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.provider.ContextCaching;
import switchboard.provider.UpstreamRequest;
import switchboard.upstream.Timeouts;
import switchboard.upstream.UpstreamClient;

/**
 * The context-cache registry against a scripted sender and a clock the test moves: one creation for
 * concurrent identical prefixes, reuse until shortly before expiry, failures remembered, idle and
 * least-recently-used caches deleted, a cache said to be gone created anew once.
 */
class ContextCachesTest {

  private static final Timeouts T = Timeouts.DEFAULT;

  /** A clock standing still until moved. */
  private static final class Hands extends Clock {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** Every request sent, answered when the test says so. */
  private final List<UpstreamRequest> sent = new ArrayList<>();

  private final List<Promise<UpstreamClient.Answer>> answers = new ArrayList<>();
  private final Hands clock = new Hands();
  private int names;

  private ContextCaches registry(ContextCacheSettings settings) {
    return new ContextCaches(
        (request, timeouts) -> {
          sent.add(request);
          Promise<UpstreamClient.Answer> p = Promise.promise();
          answers.add(p);
          return p.future();
        },
        clock,
        settings);
  }

  private ContextCaches registry() {
    return registry(ContextCacheSettings.DEFAULT);
  }

  /** Answers the last request sent as a successful creation, expiring in {@code life}. */
  private void created(Duration life) {
    String body =
        "{\"name\":\"cachedContents/c"
            + ++names
            + "\",\"expireTime\":\""
            + clock.now.plus(life)
            + "\"}";
    answers.get(answers.size() - 1).complete(answer(200, body));
  }

  private static UpstreamClient.Answer answer(int status, String body) {
    return new UpstreamClient.Answer(
        status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body));
  }

  private List<String> creates() {
    return sent.stream()
        .filter(r -> r.method() == HttpMethod.POST)
        .map(UpstreamRequest::uri)
        .toList();
  }

  private List<String> deletes() {
    return sent.stream()
        .filter(r -> r.method() == HttpMethod.DELETE)
        .map(UpstreamRequest::uri)
        .toList();
  }

  /** A provider whose requests say in their URI what they are. */
  private static final ContextCaching PROVIDER =
      new ContextCaching() {
        @Override
        public Prefix chatPrefix(ObjectNode body, String model, boolean stream) {
          return null;
        }

        @Override
        public Prefix passthroughPrefix(ObjectNode body, String model, boolean stream) {
          return null;
        }

        @Override
        public Created readCreated(Buffer body) {
          io.vertx.core.json.JsonObject json = body.toJsonObject();
          return new Created(json.getString("name"), Instant.parse(json.getString("expireTime")));
        }

        @Override
        public UpstreamRequest delete(String name) {
          return request(HttpMethod.DELETE, "delete " + name);
        }

        @Override
        public boolean cacheGone(int status, Buffer body) {
          return status == 403;
        }
      };

  private static UpstreamRequest request(HttpMethod method, String uri) {
    return new UpstreamRequest(method, uri, Map.of(), Buffer.buffer());
  }

  private static ContextCaching.Prefix prefix(String key) {
    return new ContextCaching.Prefix() {
      @Override
      public String key() {
        return key;
      }

      @Override
      public UpstreamRequest create(Duration ttl) {
        return request(HttpMethod.POST, "create " + key + " " + ttl.toSeconds());
      }

      @Override
      public UpstreamRequest using(String name) {
        return request(HttpMethod.POST, "generate " + key + " with " + name);
      }

      @Override
      public UpstreamRequest whole() {
        return request(HttpMethod.POST, "generate " + key + " whole");
      }
    };
  }

  private static String uri(Future<ContextCaches.Ready> ready) {
    assertThat(ready.succeeded()).as("settled").isTrue();
    return ready.result().request().uri();
  }

  @Test
  void concurrentRequestsWithOnePrefixWaitForOneCreation() {
    ContextCaches caches = registry();
    Future<ContextCaches.Ready> a = caches.request("gemini", PROVIDER, prefix("p"), T);
    Future<ContextCaches.Ready> b = caches.request("gemini", PROVIDER, prefix("p"), T);
    assertThat(a.isComplete()).isFalse();
    assertThat(creates()).containsExactly("create p 3600");
    created(Duration.ofHours(1));
    assertThat(uri(a)).isEqualTo("generate p with cachedContents/c1");
    assertThat(uri(b)).isEqualTo("generate p with cachedContents/c1");
    assertThat(b.result().cache()).isEqualTo("cachedContents/c1");
    assertThat(uri(caches.request("gemini", PROVIDER, prefix("p"), T)))
        .isEqualTo("generate p with cachedContents/c1");
    assertThat(creates()).hasSize(1);
  }

  @Test
  void deploymentsAndPrefixesHaveTheirOwnCaches() {
    ContextCaches caches = registry();
    caches.request("gemini", PROVIDER, prefix("p"), T);
    created(Duration.ofHours(1));
    caches.request("gemini-eu", PROVIDER, prefix("p"), T);
    created(Duration.ofHours(1));
    caches.request("gemini", PROVIDER, prefix("q"), T);
    created(Duration.ofHours(1));
    assertThat(creates()).hasSize(3);
    assertThat(caches.size()).isEqualTo(3);
  }

  @Test
  void aCacheIsNamedUntilShortlyBeforeItExpiresThenCreatedAnew() {
    ContextCaches caches = registry();
    caches.request("gemini", PROVIDER, prefix("p"), T);
    created(Duration.ofHours(1));
    clock.now = clock.now.plus(Duration.ofMinutes(59)); // 30 s before the margin
    assertThat(uri(caches.request("gemini", PROVIDER, prefix("p"), T))).endsWith("c1");
    clock.now = clock.now.plus(Duration.ofSeconds(31)); // within 30 s of the expiry
    Future<ContextCaches.Ready> next = caches.request("gemini", PROVIDER, prefix("p"), T);
    assertThat(creates()).hasSize(2);
    created(Duration.ofHours(1));
    assertThat(uri(next)).endsWith("c2");
  }

  @Test
  void aFailedCreationSendsRequestsWholeAndIsRememberedForAWhile() {
    ContextCaches caches = registry();
    Future<ContextCaches.Ready> first = caches.request("gemini", PROVIDER, prefix("p"), T);
    answers
        .get(0)
        .complete(answer(400, "{\"error\":{\"message\":\"Cached content is too small\"}}"));
    assertThat(uri(first)).isEqualTo("generate p whole");
    assertThat(first.result().cache()).isNull();
    clock.now = clock.now.plus(Duration.ofMinutes(4));
    assertThat(uri(caches.request("gemini", PROVIDER, prefix("p"), T))).endsWith("whole");
    assertThat(creates()).hasSize(1);
    clock.now = clock.now.plus(Duration.ofMinutes(2)); // past the 5 minutes
    caches.request("gemini", PROVIDER, prefix("p"), T);
    assertThat(creates()).hasSize(2);
    // a transport failure is a failure too, never the client's error
    Future<ContextCaches.Ready> down = caches.request("gemini", PROVIDER, prefix("q"), T);
    answers.get(answers.size() - 1).fail(new java.net.ConnectException("refused"));
    assertThat(uri(down)).isEqualTo("generate q whole");
  }

  @Test
  void aCacheUnusedForTheIdleLimitIsDeletedAndAnExpiredOneDropped() {
    ContextCaches caches =
        registry(
            new ContextCacheSettings(
                Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(5), 100));
    caches.request("gemini", PROVIDER, prefix("busy"), T);
    created(Duration.ofHours(1));
    caches.request("gemini", PROVIDER, prefix("idle"), T);
    created(Duration.ofHours(1));
    caches.request("gemini", PROVIDER, prefix("short"), T);
    created(Duration.ofMinutes(2));
    clock.now = clock.now.plus(Duration.ofMinutes(6));
    caches.request("gemini", PROVIDER, prefix("busy"), T);
    caches.sweep();
    assertThat(deletes()).isEmpty(); // "short" expired by itself: nothing to delete
    assertThat(caches.size()).isEqualTo(2);
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    caches.sweep();
    assertThat(deletes()).containsExactly("delete cachedContents/c2");
    assertThat(caches.size()).isEqualTo(1);
  }

  @Test
  void pastItsBoundTheRegistryDeletesTheLeastRecentlyUsedCache() {
    ContextCaches caches =
        registry(
            new ContextCacheSettings(
                Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(5), 2));
    caches.request("gemini", PROVIDER, prefix("a"), T);
    created(Duration.ofHours(1));
    clock.now = clock.now.plusSeconds(1);
    caches.request("gemini", PROVIDER, prefix("b"), T);
    created(Duration.ofHours(1));
    clock.now = clock.now.plusSeconds(1);
    caches.request("gemini", PROVIDER, prefix("a"), T); // a is now the more recent
    clock.now = clock.now.plusSeconds(1);
    caches.request("gemini", PROVIDER, prefix("c"), T);
    created(Duration.ofHours(1));
    assertThat(deletes()).containsExactly("delete cachedContents/c2");
    assertThat(caches.size()).isEqualTo(2);
  }

  @Test
  void aCacheSaidToBeGoneIsCreatedAnewOnceForEveryoneWhoSawIt() {
    ContextCaches caches = registry();
    caches.request("gemini", PROVIDER, prefix("p"), T);
    created(Duration.ofHours(1));
    Future<ContextCaches.Ready> a =
        caches.recreate("gemini", PROVIDER, prefix("p"), T, "cachedContents/c1");
    Future<ContextCaches.Ready> b =
        caches.recreate("gemini", PROVIDER, prefix("p"), T, "cachedContents/c1");
    assertThat(creates()).hasSize(2);
    created(Duration.ofHours(1));
    assertThat(uri(a)).endsWith("c2");
    assertThat(uri(b)).endsWith("c2");
  }

  @Test
  void theSettingsComeFromTheEnvironment() {
    ContextCacheSettings s =
        ContextCacheSettings.fromEnv(
            Map.of(
                "SWITCHBOARD_CONTEXT_CACHE_TTL_SECONDS", "600",
                "SWITCHBOARD_CONTEXT_CACHE_IDLE_SECONDS", "900",
                "SWITCHBOARD_CONTEXT_CACHE_MAX_ENTRIES", "5"));
    assertThat(s.ttl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.idle()).isEqualTo(Duration.ofMinutes(10)); // at most the TTL
    assertThat(s.maxEntries()).isEqualTo(5);
    assertThat(ContextCacheSettings.fromEnv(Map.of())).isEqualTo(ContextCacheSettings.DEFAULT);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ContextCacheSettings.fromEnv(Map.of("SWITCHBOARD_CONTEXT_CACHE_TTL_SECONDS", "5")))
        .hasMessageContaining("SWITCHBOARD_CONTEXT_CACHE_TTL_SECONDS");
  }
}
