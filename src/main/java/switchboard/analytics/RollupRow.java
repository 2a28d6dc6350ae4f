package switchboard.analytics;

/**
 * One stored roll-up: the figures of the requests of one hour with one value of one dimension
 * ({@code dim} empty: all requests of the hour). Sketches in {@link Sketch}'s encoding, null when
 * empty; the guardrails' figures as {@link GuardCounts} keeps them ({@code guardTypes}: a JSON
 * object of finding type to count, null when none).
 */
public record RollupRow(
    String dim,
    String value,
    long bucketMs,
    long requests,
    long errors,
    long inputTokens,
    long cachedTokens,
    long cacheWriteTokens,
    long outputTokens,
    long reasoningTokens,
    long costNanoUsd,
    long savingsNanoUsd,
    long cacheConsulted,
    long cacheHits,
    long served,
    long failovers,
    byte[] latency,
    byte[] ttft,
    long guarded,
    long guardRedact,
    long guardMask,
    long guardBlock,
    long guardFlag,
    String guardTypes) {

  /** The row holding {@code figures}. */
  public static RollupRow of(String dim, String value, long bucketMs, Figures f) {
    return new RollupRow(
        dim,
        value,
        bucketMs,
        f.requests,
        f.errors,
        f.inputTokens,
        f.cachedTokens,
        f.cacheWriteTokens,
        f.outputTokens,
        f.reasoningTokens,
        f.costNanoUsd,
        f.savingsNanoUsd,
        f.cacheConsulted,
        f.cacheHits,
        f.served,
        f.failovers,
        f.latency.encode(),
        f.ttft.encode(),
        f.guard.guarded(),
        f.guard.action("redact"),
        f.guard.action("mask"),
        f.guard.action("block"),
        f.guard.action("flag"),
        f.guard.typesJson());
  }

  /** Adds this row's figures to {@code into}. */
  public void addTo(Figures into) {
    into.requests += requests;
    into.errors += errors;
    into.inputTokens += inputTokens;
    into.cachedTokens += cachedTokens;
    into.cacheWriteTokens += cacheWriteTokens;
    into.outputTokens += outputTokens;
    into.reasoningTokens += reasoningTokens;
    into.costNanoUsd += costNanoUsd;
    into.savingsNanoUsd += savingsNanoUsd;
    into.cacheConsulted += cacheConsulted;
    into.cacheHits += cacheHits;
    into.served += served;
    into.failovers += failovers;
    into.latency.merge(latency);
    into.ttft.merge(ttft);
    into.guard.merge(guarded, guardRedact, guardMask, guardBlock, guardFlag, guardTypes);
  }
}
