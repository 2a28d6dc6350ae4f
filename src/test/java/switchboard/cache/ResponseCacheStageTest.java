package switchboard.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import switchboard.model.Usage;
import switchboard.pipeline.AnswerHook;
import switchboard.pipeline.Chain;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayOptions;
import switchboard.pipeline.Reply;

/**
 * The response-cache stage in a chain, with a stand-in for route and for the exit's hook calls: a
 * miss routes and stores, a hit answers without routing, tenants and failures stay apart.
 */
class ResponseCacheStageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final AtomicLong now = new AtomicLong();
  private final ResponseCache cache = new ResponseCache(1 << 20, now::get);
  private final AtomicInteger routed = new AtomicInteger();
  private String finish = "stop";
  private int status = 200;

  private final ResponseCacheStage stage =
      new ResponseCacheStage(cache, Duration.ofMinutes(5), id -> "key:" + id, (d, u) -> 0.02);

  /** Route: answers, then plays the exit's part for the hooks. */
  private Future<Reply> route(Exchange ex) {
    routed.incrementAndGet();
    ObjectNode answer = JSON.createObjectNode().put("object", "chat.completion");
    answer
        .putArray("choices")
        .addObject()
        .put("finish_reason", finish)
        .putObject("message")
        .put("content", "Nine to five.");
    ObjectNode out = answer;
    for (AnswerHook h : ex.hooks()) {
      out = h.answer(out);
    }
    Reply.Origin origin = new Reply.Origin("openai", "openai/gpt-5");
    for (AnswerHook h : ex.hooks()) {
      h.finished(new AnswerHook.Outcome(status, null, origin, new Usage(10, 0, 0, 5, 0)));
    }
    return Future.succeededFuture(new Reply.Answer(origin, out, Usage.NONE));
  }

  private Reply ask(String key, String cacheOption) throws Exception {
    Exchange ex = CacheExchanges.chat(key, "What are your hours?", options(cacheOption));
    Reply reply =
        Chain.of(stage, (e, next) -> route(e))
            .apply(ex)
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    last = ex;
    return reply;
  }

  private Exchange last;

  private static GatewayOptions options(String cache) throws Exception {
    return new GatewayOptions(
        null, cache == null ? null : JSON.readTree(cache), List.of(), null, null, null);
  }

  @Test
  void aMissRoutesAndStoresAndTheRepeatIsAHitWithoutRouting() throws Exception {
    ask("k1", "true");
    assertThat(last.answerHeaders()).containsEntry("x-switchboard-cache", "miss");
    Reply hit = ask("k1", "true");
    assertThat(routed).hasValue(1);
    assertThat(last.answerHeaders()).containsEntry("x-switchboard-cache", "hit");
    assertThat(last.notes.cache()).isEqualTo("hit");
    assertThat(last.notes.savingsUsd()).isEqualTo(0.02);
    assertThat(switchboard.route.Attempt.made(last)).isEmpty();
    assertThat(hit).isInstanceOf(Reply.Answer.class);
    assertThat(((Reply.Answer) hit).usage()).isEqualTo(Usage.NONE);
    assertThat(hit.origin().model()).isEqualTo("openai/gpt-5");
  }

  @Test
  void anotherTenantNeverGetsTheAnswer() throws Exception {
    ask("k1", "true");
    ask("k2", "true");
    assertThat(routed).hasValue(2);
    assertThat(last.answerHeaders()).containsEntry("x-switchboard-cache", "miss");
  }

  @Test
  void withoutOptingInItIsBypassed() throws Exception {
    ask("k1", null);
    ask("k1", null);
    ask("k1", "false");
    assertThat(routed).hasValue(3);
    assertThat(last.answerHeaders()).containsEntry("x-switchboard-cache", "bypass");
  }

  @Test
  void failedFilteredAndCutShortAnswersAreNotStored() throws Exception {
    status = 502;
    ask("k1", "true");
    status = 200;
    finish = "content_filter";
    ask("k1", "true");
    finish = "length";
    ask("k1", "true");
    assertThat(routed).hasValue(3);
  }

  @Test
  void theTtlEnds() throws Exception {
    ask("k1", "{\"ttl\":60}");
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    ask("k1", "{\"ttl\":60}");
    assertThat(routed).hasValue(2);
  }
}
