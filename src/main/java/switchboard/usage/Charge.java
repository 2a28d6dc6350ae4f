package switchboard.usage;

/**
 * A finished request as the governance layer sees it.
 *
 * @param provider the provider that served (or last failed); null when none was tried
 * @param model {@code provider/model} that served, or null when none did
 * @param metered null when nothing was served (the request failed before any answer)
 * @param status the status the client was given (499 when it went away)
 */
public record Charge(String provider, String model, Metered metered, int status) {

  /** True when an answer was served and priced. */
  public boolean priced() {
    return metered != null && metered.cost().known();
  }
}
