package switchboard.usage;

import java.util.List;
import java.util.function.LongSupplier;
import switchboard.model.Usage;
import switchboard.observe.Metrics;
import switchboard.pipeline.Exchange;
import switchboard.route.Attempt;
import switchboard.route.Target;

/** Prices an answer from the catalog and records the request. Called once per request. */
public final class Accounting {

  private final PriceCatalog catalog;
  private final UsageRecorder recorder;
  private final Metrics metrics;
  private final LongSupplier nanos;

  public Accounting(PriceCatalog catalog, UsageRecorder recorder, Metrics metrics, LongSupplier nanos) {
    this.catalog = catalog;
    this.recorder = recorder;
    this.metrics = metrics;
    this.nanos = nanos;
    metrics.describe("switchboard_requests_total", "Requests answered, by operation and status");
    metrics.describe("switchboard_upstream_attempts_total", "Upstream attempts, by provider and outcome");
    metrics.describe("switchboard_tokens_total", "Tokens served, by provider and kind");
  }

  public PriceCatalog catalog() {
    return catalog;
  }

  /** The cost of an answer by {@code target}. */
  public Cost cost(Target target, String servedModel, Usage usage) {
    return Cost.of(catalog.find(target.provider().id(), target.model(), servedModel), usage);
  }

  /**
   * Records a finished request.
   *
   * @param target the target that served, or null when none did
   * @param ttftNanos the time of the first content (streams), or 0
   */
  public void record(Exchange exchange, Target target, int status, String errorType,
      String servedModel, Usage usage, Cost cost, long ttftNanos) {
    long now = nanos.getAsLong();
    List<Attempt> attempts = List.copyOf(exchange.attempts());
    String provider = target != null ? target.provider().id()
        : attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).target().split("/", 2)[0];
    metrics.increment("switchboard_requests_total",
        "operation=\"" + exchange.operation.name().toLowerCase() + "\",status=\"" + status + "\"");
    for (Attempt a : attempts) {
      metrics.increment("switchboard_upstream_attempts_total", "provider=\""
          + a.target().split("/", 2)[0] + "\",outcome=\""
          + (a.error() == null ? "ok" : a.error().failure().label()) + "\"");
    }
    if (provider != null && usage != null && !usage.isEmpty()) {
      metrics.add("switchboard_tokens_total", "provider=\"" + provider + "\",kind=\"input\"", usage.input());
      metrics.add("switchboard_tokens_total", "provider=\"" + provider + "\",kind=\"output\"", usage.output());
    }
    recorder.record(new UsageRecord(
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
        exchange.options.extra() == null ? null : exchange.options.extra().toString()));
  }

  private static String jsonArray(List<String> values) {
    com.fasterxml.jackson.databind.node.ArrayNode array =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    values.forEach(array::add);
    return array.toString();
  }
}
