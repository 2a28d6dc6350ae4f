package switchboard.access;

/** One group of a usage query: requests, tokens and spend in USD. */
public record UsageRow(
    String group,
    long requests,
    long inputTokens,
    long cachedTokens,
    long outputTokens,
    long reasoningTokens,
    double costUsd) {}
