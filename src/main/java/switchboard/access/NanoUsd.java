package switchboard.access;

/**
 * Money in the counters is a {@code long} of nano-USD: exact addition under concurrency, and fine
 * enough for a few tokens of the cheapest model (a token of a $0.02/M model is 20 nano-USD).
 */
final class NanoUsd {

  private NanoUsd() {}

  static long of(double usd) {
    return Math.round(usd * 1e9);
  }

  static double usd(long nanos) {
    return nanos / 1e9;
  }

  /** USD for people: up to 6 decimals, no trailing zeros ({@code 0.00001}, {@code 25}). */
  static String text(double usd) {
    return java.math.BigDecimal.valueOf(usd)
        .setScale(6, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
