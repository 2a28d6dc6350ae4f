package switchboard.usage;

import java.util.List;
import switchboard.model.Usage;
import switchboard.route.Attempt;

/**
 * One request as recorded: who, what was asked, what served it, how it went and what it cost.
 *
 * @param provider the provider that served (or last failed); null when none was tried
 * @param servedModel the model as the provider named it
 * @param ttftMillis time to first token for streams (first content), -1 otherwise
 * @param costUsd null when unknown
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
    String extraJson) {}
