package switchboard.route;

import switchboard.provider.Provider;
import switchboard.upstream.Timeouts;

/** One place a request can be sent: a provider's model, with the timeouts to use there. */
public record Target(Provider provider, String model, Timeouts timeouts) {

  /** The {@code provider/model} name. */
  public String name() {
    return provider.id() + "/" + model;
  }
}
