package switchboard.analytics;

/**
 * The figures of a set of requests (SPEC §4 analytics), as a mergeable accumulator: counts and
 * token sums as exact integers, cost and savings in whole nano-dollars (so that sums are exact and
 * independent of order), latency and time to first token as {@link Sketch}es. The same object adds
 * one record, merges a stored roll-up, and reports the derived rates.
 */
public final class Figures {

  static final double NANO = 1e9;

  long requests;
  long errors;
  long inputTokens;
  long cachedTokens;
  long cacheWriteTokens;
  long outputTokens;
  long reasoningTokens;
  long costNanoUsd;
  long savingsNanoUsd;
  long cacheConsulted;
  long cacheHits;
  long served;
  long failovers;
  final Sketch latency = new Sketch();
  final Sketch ttft = new Sketch();
  final GuardCounts guard = new GuardCounts();

  /** Adds one request. */
  public void add(RequestFacts r) {
    requests++;
    if (r.status() >= 400) {
      errors++;
    }
    inputTokens += r.inputTokens();
    cachedTokens += r.cachedTokens();
    cacheWriteTokens += r.cacheWriteTokens();
    outputTokens += r.outputTokens();
    reasoningTokens += r.reasoningTokens();
    costNanoUsd += nanos(r.costUsd());
    savingsNanoUsd += nanos(r.savingsUsd());
    if ("hit".equals(r.cache()) || "miss".equals(r.cache())) {
      cacheConsulted++;
      if ("hit".equals(r.cache())) {
        cacheHits++;
      }
    }
    if (r.served()) {
      served++;
      if (r.failover()) {
        failovers++;
      }
    }
    latency.add(r.latencyMillis());
    if (r.ttftMillis() >= 0) {
      ttft.add(r.ttftMillis());
    }
    guard.add(r.guard());
  }

  /** Adds everything {@code other} counted. */
  public void merge(Figures other) {
    requests += other.requests;
    errors += other.errors;
    inputTokens += other.inputTokens;
    cachedTokens += other.cachedTokens;
    cacheWriteTokens += other.cacheWriteTokens;
    outputTokens += other.outputTokens;
    reasoningTokens += other.reasoningTokens;
    costNanoUsd += other.costNanoUsd;
    savingsNanoUsd += other.savingsNanoUsd;
    cacheConsulted += other.cacheConsulted;
    cacheHits += other.cacheHits;
    served += other.served;
    failovers += other.failovers;
    latency.merge(other.latency);
    ttft.merge(other.ttft);
    guard.merge(other.guard);
  }

  /** USD as whole nano-dollars, the unit every sum is kept in. */
  public static long nanos(double usd) {
    return Math.round(usd * NANO);
  }

  public long requests() {
    return requests;
  }

  public long errors() {
    return errors;
  }

  public double errorRate() {
    return ratio(errors, requests);
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long cachedTokens() {
    return cachedTokens;
  }

  public long cacheWriteTokens() {
    return cacheWriteTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  public long reasoningTokens() {
    return reasoningTokens;
  }

  public long costNanoUsd() {
    return costNanoUsd;
  }

  public double costUsd() {
    return costNanoUsd / NANO;
  }

  public double savingsUsd() {
    return savingsNanoUsd / NANO;
  }

  public long served() {
    return served;
  }

  public long failovers() {
    return failovers;
  }

  public long cacheHits() {
    return cacheHits;
  }

  public long cacheConsulted() {
    return cacheConsulted;
  }

  /** Provider-cached prompt tokens over prompt tokens. */
  public double cacheHitRate() {
    return ratio(cachedTokens, inputTokens);
  }

  /** Response-cache hits over the requests that consulted the response cache. */
  public double responseCacheHitRate() {
    return ratio(cacheHits, cacheConsulted);
  }

  /** Served requests not served by their first target, over served requests. */
  public double failoverRate() {
    return ratio(failovers, served);
  }

  public Sketch latency() {
    return latency;
  }

  public Sketch ttft() {
    return ttft;
  }

  /** What the guardrails found in these requests. */
  public GuardCounts guard() {
    return guard;
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
