package switchboard.analytics;

import java.util.List;
import switchboard.pipeline.GuardFindings;

/**
 * One stored request record, as the request log shows it (SPEC §4).
 *
 * @param ttftMillis -1 when not a stream (or no content came)
 * @param costUsd null when unknown
 * @param attempts each provider tried, in order (in the log's pages too; small)
 * @param guardFindings the guardrails' counts by type and actions, or null when they found nothing
 * @param prompt null unless prompt logging was on when it was recorded
 */
public record RequestView(
    String id,
    long createdMillis,
    String keyId,
    String operation,
    String model,
    String target,
    String servedModel,
    String provider,
    String policy,
    int status,
    String errorType,
    boolean stream,
    long latencyMillis,
    long ttftMillis,
    long inputTokens,
    long cachedTokens,
    long cacheWriteTokens,
    long outputTokens,
    long reasoningTokens,
    Double costUsd,
    double savingsUsd,
    String cache,
    String guardrails,
    GuardFindings guardFindings,
    List<String> tags,
    boolean failover,
    String userId,
    String traceId,
    String extraJson,
    List<AttemptView> attempts,
    String prompt) {

  /**
   * One try of one target.
   *
   * @param outcome {@code ok}, or the failure's label ({@code rate_limited}, {@code timeout}…)
   */
  public record AttemptView(String target, int status, String outcome, String message, long ms) {}
}
