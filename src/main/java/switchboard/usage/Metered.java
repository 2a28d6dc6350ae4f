package switchboard.usage;

import switchboard.model.Usage;

/**
 * The usage and cost of one answer as the gateway settles it.
 *
 * @param usage the provider's counts, or the tokenizer's when the provider gave none
 * @param estimated true when {@code usage} was counted by the gateway (a stream cut short, a server
 *     that reports no usage)
 */
public record Metered(Usage usage, boolean estimated, Cost cost) {}
