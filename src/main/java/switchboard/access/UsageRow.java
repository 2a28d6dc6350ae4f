package switchboard.access;

/**
 * One group of a usage query: requests, tokens, and spend in USD with its breakdown ({@code
 * costUsd} is the total: input + cached input + cache write + output + markup; reasoning is part of
 * output).
 */
public record UsageRow(
    String group,
    long requests,
    long inputTokens,
    long cachedTokens,
    long outputTokens,
    long reasoningTokens,
    double costUsd,
    double inputUsd,
    double cachedInputUsd,
    double cacheWriteUsd,
    double outputUsd,
    double reasoningUsd,
    double markupUsd) {}
