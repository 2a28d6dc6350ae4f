package switchboard.usage;

import java.util.List;
import switchboard.model.Usage;
import switchboard.pipeline.GuardFindings;
import switchboard.route.Attempt;

/**
 * One request as recorded (SPEC §4): who, what was asked, what served it, how it went and what it
 * cost.
 *
 * @param provider the provider that served (or last failed); null when none was tried
 * @param servedModel the model as the provider named it
 * @param ttftMillis time to first token for streams (first content), -1 otherwise
 * @param costUsd null when unknown
 * @param target the {@code provider/model} that served, or null when none did
 * @param policy the routing policy that ordered the route, or null
 * @param cache the response cache's verdict: {@code hit}, {@code miss} or {@code bypass}
 * @param savingsUsd what caching saved, 0 when nothing
 * @param guardrails the guardrails' actions ({@code pii=redacted, …}), or null
 * @param failover whether a served request was served by another target than its first
 * @param prompt the request body's text, only with prompt logging on (capped), else null
 * @param guardFindings what the guardrails found (counts by type, actions; never values), or null
 */
public record UsageRecord(
    String requestId,
    long timestampMillis,
    String keyId,
    String operation,
    String requestedModel,
    String provider,
    String servedModel,
    int status,
    String errorType,
    boolean stream,
    long latencyMillis,
    long ttftMillis,
    Usage usage,
    Double costUsd,
    List<Attempt> attempts,
    String tagsJson,
    String userId,
    String traceId,
    String extraJson,
    String target,
    String policy,
    String cache,
    double savingsUsd,
    String guardrails,
    boolean failover,
    String prompt,
    GuardFindings guardFindings) {

  /** A record without the analytics fields (no policy, cache bypassed, no guardrails). */
  public UsageRecord(
      String requestId,
      long timestampMillis,
      String keyId,
      String operation,
      String requestedModel,
      String provider,
      String servedModel,
      int status,
      String errorType,
      boolean stream,
      long latencyMillis,
      long ttftMillis,
      Usage usage,
      Double costUsd,
      List<Attempt> attempts,
      String tagsJson,
      String userId,
      String traceId,
      String extraJson) {
    this(
        requestId,
        timestampMillis,
        keyId,
        operation,
        requestedModel,
        provider,
        servedModel,
        status,
        errorType,
        stream,
        latencyMillis,
        ttftMillis,
        usage,
        costUsd,
        attempts,
        tagsJson,
        userId,
        traceId,
        extraJson,
        null,
        null,
        "bypass",
        0,
        null,
        false,
        null,
        null);
  }

  /** Whether the request failed (an error status). */
  public boolean failed() {
    return status >= 400;
  }
}
