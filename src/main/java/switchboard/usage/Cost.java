package switchboard.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import switchboard.model.Usage;

/**
 * The cost of one answer in USD, with its parts; {@link #UNKNOWN} when the model has no price.
 *
 * <p>Cached and cache-write tokens are billed at their own prices when the catalog has them, and
 * at the input price otherwise; reasoning tokens are output tokens.
 */
public record Cost(boolean known, double input, double cachedInput, double cacheWrite, double output) {

  public static final Cost UNKNOWN = new Cost(false, 0, 0, 0, 0);
  public static final Cost ZERO = new Cost(true, 0, 0, 0, 0);

  public static Cost of(ModelInfo info, Usage usage) {
    if (info == null || info.input() == null) {
      return UNKNOWN;
    }
    double perToken = 1e-6;
    long plainInput = Math.max(0, usage.input() - usage.cacheRead() - usage.cacheWrite());
    double cachedPrice = info.cachedInput() != null ? info.cachedInput() : info.input();
    double writePrice = info.cacheWrite() != null ? info.cacheWrite() : info.input();
    double outputPrice = info.output() != null ? info.output() : 0;
    return new Cost(true,
        plainInput * info.input() * perToken,
        usage.cacheRead() * cachedPrice * perToken,
        usage.cacheWrite() * writePrice * perToken,
        usage.output() * outputPrice * perToken);
  }

  public double total() {
    return input + cachedInput + cacheWrite + output;
  }

  /** For the {@code x-switchboard-cost-usd} header: up to 10 decimals, or {@code unknown}. */
  public String header() {
    if (!known) {
      return "unknown";
    }
    return BigDecimal.valueOf(total()).setScale(10, RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString();
  }
}
