package switchboard.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;
import java.util.function.UnaryOperator;
import switchboard.model.Usage;
import switchboard.pipeline.AnswerHook;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.Operation;
import switchboard.pipeline.Reply;
import switchboard.pipeline.Stage;
import switchboard.route.Plan;

/**
 * The response cache as a stage (SPEC §3 {@code switchboard.cache}): a request that opted in is
 * answered from the cache when its tenant asked the same before ({@code x-switchboard-cache: hit},
 * no provider called, nothing charged, what the answer first cost recorded as saved), else routed
 * with a hook that stores the answer once it was delivered whole ({@code miss}). Streamed answers
 * are stored assembled and replayed as streams. Not stored: errors, streams cut short, and answers
 * the provider filtered ({@code content_filter}) or cut at the token limit ({@code length}).
 * Requests that did not opt in pass untouched ({@code bypass}).
 */
public final class ResponseCacheStage implements Stage {

  /** The header naming the cache's verdict. */
  public static final String HEADER = "x-switchboard-cache";

  private final AnswerStore cache;
  private final Duration defaultTtl;
  private final UnaryOperator<String> scope;
  private final ToDoubleBiFunction<String, Usage> price;

  /**
   * @param scope a key id to its tenant ({@link TenantScope})
   * @param price what an answer of a deployment ({@code provider/model}) with this usage cost
   */
  public ResponseCacheStage(
      AnswerStore cache,
      Duration defaultTtl,
      Function<String, String> scope,
      ToDoubleBiFunction<String, Usage> price) {
    this.cache = cache;
    this.defaultTtl = defaultTtl;
    this.scope = scope::apply;
    this.price = price;
  }

  @Override
  public Future<Reply> apply(Exchange exchange, Next next) {
    CacheChoice choice =
        exchange.operation == Operation.CHAT
            ? CacheChoice.of(exchange.choices(), defaultTtl)
            : CacheChoice.OFF;
    if (!choice.on()) {
      exchange.answerHeader(HEADER, "bypass");
      return next.apply(exchange);
    }
    String key =
        RequestKey.of(
            scope.apply(exchange.keyId),
            exchange.requestedModel,
            exchange.fallbacks,
            exchange.body());
    // The store never fails: one that cannot be reached answers null, a miss.
    return cache
        .get(key)
        .compose(
            stored -> {
              if (stored != null && servable(exchange, stored)) {
                return Future.succeededFuture(hit(exchange, stored));
              }
              exchange.answerHeader(HEADER, "miss");
              exchange.notes.cache("miss");
              exchange.hook(new Store(key, choice.ttl().toNanos(), exchange.stream));
              return next.apply(exchange);
            });
  }

  /**
   * Whether the deployment that made {@code stored} is one this request may be served by: its plan,
   * already filtered by the data-residency requirement, names it. An answer made elsewhere (before
   * the requirement, or by a deployment since removed) is a miss, and the new answer replaces it.
   */
  private static boolean servable(Exchange exchange, StoredAnswer stored) {
    Plan plan = exchange.get(Plan.SLOT);
    return plan == null
        || plan.picks().stream().anyMatch(p -> p.target().name().equals(stored.model()));
  }

  private static Reply hit(Exchange exchange, StoredAnswer stored) {
    exchange.answerHeader(HEADER, "hit");
    exchange.answerHeader("x-switchboard-cost-usd", "0");
    exchange.notes.cache("hit");
    exchange.notes.addSavings(stored.costUsd());
    Reply.Origin origin = new Reply.Origin(stored.provider(), stored.model());
    if (!exchange.stream) {
      return new Reply.Answer(origin, stored.answer(), Usage.NONE);
    }
    // Other dialects end their streams with the usage; OpenAI's only when the client asked.
    boolean usage = exchange.clientWantsUsage || exchange.inbound() != Dialect.OPENAI;
    return new Reply.Replay(origin, Replays.chunks(stored.answer(), usage), Usage.NONE);
  }

  /** Keeps the answer on its way out; stores it once it was delivered whole. */
  private final class Store implements AnswerHook {
    private final String key;
    private final long ttlNanos;
    private final StreamAssembler assembler;
    private ObjectNode answer;

    Store(String key, long ttlNanos, boolean stream) {
      this.key = key;
      this.ttlNanos = ttlNanos;
      this.assembler = stream ? new StreamAssembler() : null;
    }

    @Override
    public ObjectNode answer(ObjectNode complete) {
      this.answer = complete.deepCopy();
      return complete;
    }

    @Override
    public ObjectNode chunk(ObjectNode chunk) {
      assembler.add(chunk);
      return chunk;
    }

    @Override
    public void finished(Outcome outcome) {
      if (!outcome.delivered() || outcome.origin() == null) {
        return;
      }
      ObjectNode whole = assembler != null ? assembler.answer() : answer;
      if (whole == null || !cacheable(whole)) {
        return;
      }
      Usage usage = outcome.usage() == null ? Usage.NONE : outcome.usage();
      double cost = price.applyAsDouble(outcome.origin().model(), usage);
      cache.put(
          key,
          StoredAnswer.of(
              whole, outcome.origin().provider(), outcome.origin().model(), usage, cost, ttlNanos));
    }
  }

  /** Whether every choice finished on its own: not filtered, not cut at the token limit. */
  static boolean cacheable(ObjectNode answer) {
    if (answer.path("choices").isEmpty()) {
      return false;
    }
    for (var choice : answer.path("choices")) {
      String reason = choice.path("finish_reason").asText("");
      if (!reason.equals("stop") && !reason.equals("tool_calls")) {
        return false;
      }
    }
    return true;
  }
}
