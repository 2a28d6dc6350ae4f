package switchboard.analytics;

import java.util.List;
import switchboard.pipeline.GuardFindings;

/**
 * What the analytics read of one request record: its dimensions and its measures. Built from a
 * {@code UsageRecord} as it is written, or from a stored row when a range is read raw.
 *
 * @param model the {@code provider/model} that served, else the model as requested
 * @param tags the request's tags (possibly empty)
 * @param costUsd 0 when unknown
 * @param ttftMillis -1 when not a stream or no content came
 * @param served whether a provider served it (a success with a target)
 * @param guard what the guardrails found, or null when nothing
 */
public record RequestFacts(
    long timestampMillis,
    String keyId,
    String model,
    String provider,
    String policy,
    List<String> tags,
    int status,
    long inputTokens,
    long cachedTokens,
    long cacheWriteTokens,
    long outputTokens,
    long reasoningTokens,
    double costUsd,
    double savingsUsd,
    String cache,
    boolean served,
    boolean failover,
    long latencyMillis,
    long ttftMillis,
    GuardFindings guard) {

  /** The values of {@code dim} this request has (one, except for tags: each of its tags). */
  public List<String> values(Dimension dim) {
    return switch (dim) {
      case KEY -> List.of(orEmpty(keyId));
      case MODEL -> List.of(orEmpty(model));
      case PROVIDER -> List.of(orEmpty(provider));
      case POLICY -> List.of(orEmpty(policy));
      case TAG -> tags;
      case STATUS -> List.of(Integer.toString(status));
    };
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
