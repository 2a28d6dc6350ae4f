package switchboard.usage;

import java.util.Set;

/**
 * One catalog entry. Prices are USD per million tokens; a null price is unknown.
 *
 * @param id {@code provider/model}
 * @param mode {@code chat} or {@code embedding}
 */
public record ModelInfo(
    String id,
    String mode,
    long contextWindow,
    long maxOutput,
    Double input,
    Double output,
    Double cachedInput,
    Double cacheWrite,
    Set<String> capabilities) {

  public String provider() {
    return id.substring(0, id.indexOf('/'));
  }

  public String model() {
    return id.substring(id.indexOf('/') + 1);
  }
}
