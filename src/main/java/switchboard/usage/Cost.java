package switchboard.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import switchboard.model.Usage;

/**
 * The cost of one answer in USD, with its parts; {@link #UNKNOWN} when the model has no price.
 *
 * <p>Cached and cache-write tokens are billed at their own prices when the catalog has them, and at
 * the input price otherwise. Reasoning tokens are output tokens: {@code output} includes them, and
 * {@code reasoning} says how much of {@code output} they were (a part, not an addition). The
 * gateway's markup is its own part, added on top.
 *
 * @param input plain (uncached) input
 * @param cachedInput input served from the provider's prompt cache
 * @param cacheWrite input written to the provider's prompt cache
 * @param output all output, reasoning included
 * @param reasoning the reasoning share of {@code output}
 * @param markup the configured markup on the sum of the provider's parts
 * @param savings what provider prompt caching saved against the uncached price, markup included:
 *     all prompt tokens at the input price, less what the plain, cached and cache-write parts cost;
 *     negative when a cache write cost more than the reads saved (SPEC §4 {@code savings_usd})
 */
public record Cost(
    boolean known,
    double input,
    double cachedInput,
    double cacheWrite,
    double output,
    double reasoning,
    double markup,
    double savings) {

  public static final Cost UNKNOWN = new Cost(false, 0, 0, 0, 0, 0, 0, 0);
  public static final Cost ZERO = new Cost(true, 0, 0, 0, 0, 0, 0, 0);

  /** A cost without reasoning split, markup or savings. */
  public Cost(boolean known, double input, double cachedInput, double cacheWrite, double output) {
    this(known, input, cachedInput, cacheWrite, output, 0, 0, 0);
  }

  public static Cost of(ModelInfo info, Usage usage) {
    return of(info, usage, 0);
  }

  /** Prices {@code usage} at {@code info}'s prices plus {@code markupPercent} percent. */
  public static Cost of(ModelInfo info, Usage usage, double markupPercent) {
    if (info == null || info.input() == null) {
      return UNKNOWN;
    }
    double perToken = 1e-6;
    long plainInput = Math.max(0, usage.input() - usage.cacheRead() - usage.cacheWrite());
    double cachedPrice = info.cachedInput() != null ? info.cachedInput() : info.input();
    double writePrice = info.cacheWrite() != null ? info.cacheWrite() : info.input();
    double outputPrice = info.output() != null ? info.output() : 0;
    double input = plainInput * info.input() * perToken;
    double cached = usage.cacheRead() * cachedPrice * perToken;
    double write = usage.cacheWrite() * writePrice * perToken;
    double output = usage.output() * outputPrice * perToken;
    double reasoning = Math.min(usage.reasoning(), usage.output()) * outputPrice * perToken;
    double markup = (input + cached + write + output) * markupPercent / 100;
    long promptTokens = Math.max(usage.input(), usage.cacheRead() + usage.cacheWrite());
    double uncached = promptTokens * info.input() * perToken;
    double savings = (uncached - input - cached - write) * (1 + markupPercent / 100);
    return new Cost(true, input, cached, write, output, reasoning, markup, savings);
  }

  /** What the caller pays: the provider's parts plus the markup. */
  public double total() {
    return input + cachedInput + cacheWrite + output + markup;
  }

  /** For the {@code x-switchboard-cost-usd} header: up to 10 decimals, or {@code unknown}. */
  public String header() {
    if (!known) {
      return "unknown";
    }
    return BigDecimal.valueOf(total())
        .setScale(10, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
