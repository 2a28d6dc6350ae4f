package switchboard.usage;

import switchboard.observe.Metrics;
import switchboard.route.Attempt;

/**
 * The Prometheus series of finished requests, fed one {@link UsageRecord} each: errors by fault
 * domain, tokens by kind, cost, latency, time to first token and the gateway's own overhead as
 * histograms, failovers and response-cache results. See docs/observability.md.
 */
final class RequestMetrics {

  /** Seconds: 5 ms to 2 min, roughly doubling. */
  private static final double[] LATENCY = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
  };

  /** Seconds: the gateway's own time is small; 0.1 ms to 1 s. */
  private static final double[] OVERHEAD = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1
  };

  private final Metrics metrics;

  RequestMetrics(Metrics metrics) {
    this.metrics = metrics;
    metrics.describe(
        "switchboard_request_errors_total",
        "Failed requests by fault domain: caller, policy (budget, rate limit, guardrail, region),"
            + " provider, gateway");
    metrics.describe(
        "switchboard_failovers_total", "Requests served by another than their first target");
    metrics.describe(
        "switchboard_response_cache_total", "Response-cache lookups by result (hit, miss)");
    metrics.histogram(
        "switchboard_request_duration_seconds",
        "Time from request arrival to the last byte sent, by operation",
        LATENCY);
    metrics.histogram(
        "switchboard_time_to_first_token_seconds",
        "Streams: time from request arrival to the first content byte, by provider",
        LATENCY);
    metrics.histogram(
        "switchboard_gateway_overhead_seconds",
        "Non-streamed served requests: time spent in the gateway, outside the upstream attempts",
        OVERHEAD);
    metrics.describe("switchboard_cost_usd_total", "Spend in USD (markup included), by provider");
    metrics.describe("switchboard_savings_usd_total", "Saved by caching, in USD, by provider");
  }

  void record(UsageRecord r) {
    String op = r.operation();
    metrics.observe(
        "switchboard_request_duration_seconds",
        "operation=\"" + op + "\"",
        r.latencyMillis() / 1000.0);
    String provider = "provider=\"" + (r.provider() == null ? "none" : r.provider()) + "\"";
    if (r.ttftMillis() >= 0) {
      metrics.observe("switchboard_time_to_first_token_seconds", provider, r.ttftMillis() / 1000.0);
    }
    if (r.status() >= 400) {
      metrics.increment("switchboard_request_errors_total", "domain=\"" + domain(r) + "\"");
    }
    if (r.failover()) {
      metrics.increment("switchboard_failovers_total", provider);
    }
    if (r.cache().equals("hit") || r.cache().equals("miss")) {
      metrics.increment("switchboard_response_cache_total", "result=\"" + r.cache() + "\"");
    }
    if (r.provider() != null) {
      metrics.add("switchboard_tokens_total", provider + ",kind=\"cached\"", r.usage().cacheRead());
      metrics.add(
          "switchboard_tokens_total", provider + ",kind=\"cache_write\"", r.usage().cacheWrite());
      metrics.add(
          "switchboard_tokens_total", provider + ",kind=\"reasoning\"", r.usage().reasoning());
      if (r.costUsd() != null) {
        metrics.addDouble("switchboard_cost_usd_total", provider, r.costUsd());
      }
      if (r.savingsUsd() > 0) {
        metrics.addDouble("switchboard_savings_usd_total", provider, r.savingsUsd());
      }
    }
    if (!r.stream() && r.target() != null && r.status() < 400) {
      long upstream = 0;
      for (Attempt a : r.attempts()) {
        upstream += a.millis();
      }
      metrics.observe(
          "switchboard_gateway_overhead_seconds",
          "",
          Math.max(0, r.latencyMillis() - upstream) / 1000.0);
    }
  }

  /** Whose fault a failed request was. */
  static String domain(UsageRecord r) {
    int s = r.status();
    String type = r.errorType() == null ? "" : r.errorType();
    if (s == 402
        || (s == 429 && r.attempts().isEmpty())
        || type.contains("guardrail")
        || type.contains("region")) {
      return "policy";
    }
    if (s >= 500) {
      return r.attempts().isEmpty() ? "gateway" : "provider";
    }
    return "caller";
  }
}
