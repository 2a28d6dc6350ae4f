package switchboard.usage;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import switchboard.model.Usage;
import switchboard.observe.Metrics;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.Reply;
import switchboard.route.Attempt;
import switchboard.route.Target;

/**
 * Prices an answer from the catalog (with the configured markup), counts its tokens when the
 * provider reported none, records the request and tells the {@link ChargeListener} (budgets, the
 * cost ledger). {@link #record} is called once per request, on every path.
 */
public final class Accounting {

  private final PriceCatalog catalog;
  private final UsageRecorder recorder;
  private final Metrics metrics;
  private final LongSupplier nanos;
  private final double markupPercent;
  private final TokenCounter tokens;
  private final ChargeListener listener;
  private volatile PromptLog promptLog = PromptLog.OFF;
  private volatile java.util.function.Consumer<UsageRecord> observer = r -> {};
  private final RequestMetrics requestMetrics;

  public Accounting(
      PriceCatalog catalog, UsageRecorder recorder, Metrics metrics, LongSupplier nanos) {
    this(catalog, recorder, metrics, nanos, 0, new TokenCounter(), ChargeListener.NONE);
  }

  public Accounting(
      PriceCatalog catalog,
      UsageRecorder recorder,
      Metrics metrics,
      LongSupplier nanos,
      double markupPercent,
      TokenCounter tokens,
      ChargeListener listener) {
    this.catalog = catalog;
    this.recorder = recorder;
    this.metrics = metrics;
    this.nanos = nanos;
    this.markupPercent = markupPercent;
    this.tokens = tokens;
    this.listener = listener;
    this.requestMetrics = new RequestMetrics(metrics);
    metrics.describe("switchboard_requests_total", "Requests answered, by operation and status");
    metrics.describe(
        "switchboard_upstream_attempts_total", "Upstream attempts, by provider and outcome");
    metrics.describe("switchboard_tokens_total", "Tokens served, by provider and kind");
  }

  /** Keeps prompts in the records as {@code log} says (off unless set; wiring time only). */
  public void promptLog(PromptLog log) {
    this.promptLog = log;
  }

  /**
   * Also hands each request's record to {@code observer} as the request leaves (traces); wiring
   * time only. It runs on the request's thread, so it must not block.
   */
  public void observe(java.util.function.Consumer<UsageRecord> observer) {
    this.observer = observer;
  }

  public PriceCatalog catalog() {
    return catalog;
  }

  /** The cost of an answer by {@code target}, markup included. */
  public Cost cost(Target target, String servedModel, Usage usage) {
    return Cost.of(
        catalog.find(target.provider().id(), target.model(), servedModel), usage, markupPercent);
  }

  /**
   * The usage and cost of an answer: the provider's usage when it reported any, else the
   * tokenizer's count of the prompt and of {@code outputText} (the stream relayed so far, or the
   * complete answer).
   */
  public Metered meter(
      Exchange exchange,
      Target target,
      String servedModel,
      Usage reported,
      Supplier<String> outputText) {
    Usage usage = reported == null ? Usage.NONE : reported;
    boolean estimated = false;
    if (usage.isEmpty()) {
      int prompt = tokens.prompt(target.model(), exchange.body());
      int output = tokens.count(target.model(), outputText.get());
      usage = new Usage(prompt, 0, 0, output, 0);
      estimated = true;
    }
    return new Metered(usage, estimated, cost(target, servedModel, usage));
  }

  public TokenCounter tokens() {
    return tokens;
  }

  /** Records a finished request that was metered ({@code metered} null when nothing served). */
  public void record(
      Exchange exchange,
      Target target,
      int status,
      String errorType,
      String servedModel,
      Metered metered,
      long ttftNanos) {
    record(
        exchange,
        target,
        status,
        errorType,
        servedModel,
        metered == null ? null : metered.usage(),
        metered == null ? null : metered.cost(),
        ttftNanos,
        metered);
  }

  /**
   * Records a finished request.
   *
   * @param target the target that served, or null when none did
   * @param ttftNanos the time of the first content (streams), or 0
   */
  public void record(
      Exchange exchange,
      Target target,
      int status,
      String errorType,
      String servedModel,
      Usage usage,
      Cost cost,
      long ttftNanos) {
    record(
        exchange,
        target,
        status,
        errorType,
        servedModel,
        usage,
        cost,
        ttftNanos,
        usage == null || cost == null ? null : new Metered(usage, false, cost));
  }

  /**
   * Records a request a stage answered instead of a provider (a response-cache hit): nothing was
   * called, so nothing is charged; the answer's origin is recorded as who served it.
   */
  public void recordAnswered(Exchange exchange, Reply.Origin origin, int status, String errorType) {
    String model = origin.model();
    int slash = model.indexOf('/');
    record(
        exchange,
        origin.provider(),
        model,
        false,
        status,
        errorType,
        slash < 0 ? model : model.substring(slash + 1),
        null,
        null,
        0,
        null);
  }

  private void record(
      Exchange exchange,
      Target target,
      int status,
      String errorType,
      String servedModel,
      Usage usage,
      Cost cost,
      long ttftNanos,
      Metered metered) {
    List<Attempt> attempts = Attempt.made(exchange);
    String provider =
        target != null
            ? target.provider().id()
            : attempts.isEmpty()
                ? null
                : attempts.get(attempts.size() - 1).target().split("/", 2)[0];
    record(
        exchange,
        provider,
        target == null ? null : target.name(),
        target != null,
        status,
        errorType,
        servedModel,
        usage,
        cost,
        ttftNanos,
        metered);
  }

  private void record(
      Exchange exchange,
      String provider,
      String deployment,
      boolean served,
      int status,
      String errorType,
      String servedModel,
      Usage usage,
      Cost cost,
      long ttftNanos,
      Metered metered) {
    long now = nanos.getAsLong();
    List<Attempt> attempts = List.copyOf(Attempt.made(exchange));
    metrics.increment(
        "switchboard_requests_total",
        "operation=\"" + exchange.operation.name().toLowerCase() + "\",status=\"" + status + "\"");
    for (Attempt a : attempts) {
      metrics.increment(
          "switchboard_upstream_attempts_total",
          "provider=\""
              + a.target().split("/", 2)[0]
              + "\",outcome=\""
              + (a.error() == null ? "ok" : a.error().failure().label())
              + "\"");
    }
    if (provider != null && usage != null && !usage.isEmpty()) {
      metrics.add(
          "switchboard_tokens_total",
          "provider=\"" + provider + "\",kind=\"input\"",
          usage.input());
      metrics.add(
          "switchboard_tokens_total",
          "provider=\"" + provider + "\",kind=\"output\"",
          usage.output());
    }
    UsageRecord record =
        new UsageRecord(
            exchange.requestId,
            exchange.receivedEpochMillis,
            exchange.keyId,
            exchange.operation.name().toLowerCase(),
            exchange.requestedModel,
            provider,
            servedModel,
            status,
            errorType,
            exchange.stream,
            (now - exchange.receivedNanos) / 1_000_000,
            ttftNanos > 0 ? (ttftNanos - exchange.receivedNanos) / 1_000_000 : -1,
            usage == null ? Usage.NONE : usage,
            cost != null && cost.known() ? cost.total() : null,
            attempts,
            exchange.options.tags().isEmpty() ? null : jsonArray(exchange.options.tags()),
            exchange.options.userId(),
            exchange.options.traceId(),
            exchange.options.extra() == null ? null : exchange.options.extra().toString(),
            deployment,
            exchange.notes.policy(),
            exchange.notes.cache(),
            // the stages' savings (a response-cache hit) plus what the provider's prompt cache
            // saved
            exchange.notes.savingsUsd() + (cost == null ? 0 : cost.savings()),
            exchange.notes.guardrails(),
            served
                && status < 400
                && !attempts.isEmpty()
                && !attempts.get(0).target().equals(deployment),
            promptLog.capture(exchange.body()),
            exchange.notes.guardFindings());
    recorder.record(record);
    requestMetrics.record(record);
    observer.accept(record);
    listener.charged(exchange, new Charge(provider, deployment, served ? metered : null, status));
  }

  private static String jsonArray(List<String> values) {
    com.fasterxml.jackson.databind.node.ArrayNode array =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    values.forEach(array::add);
    return array.toString();
  }
}
