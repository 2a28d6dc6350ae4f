package switchboard.access;

import switchboard.model.Usage;
import switchboard.usage.Cost;

/**
 * One priced request in the cost ledger.
 *
 * @param tsMs when the request was admitted (the injected clock); decides its budget period
 * @param team the key's owner tag, or null
 * @param model {@code provider/model} that served
 * @param estimated true when the tokens were counted by the gateway, not reported by the provider
 */
public record LedgerEntry(
    String requestId,
    long tsMs,
    String keyId,
    String team,
    String provider,
    String model,
    Usage usage,
    Cost cost,
    boolean estimated) {}
