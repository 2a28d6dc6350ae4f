package switchboard.usage;

import switchboard.pipeline.Exchange;

/**
 * Told once per request, when {@link Accounting} records it, what the request cost: the hook that
 * settles budget reservations and writes the cost ledger. Called on the event loop: must not block.
 */
@FunctionalInterface
public interface ChargeListener {

  ChargeListener NONE = (exchange, charge) -> {};

  void charged(Exchange exchange, Charge charge);
}
