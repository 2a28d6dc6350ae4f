package switchboard.access;

/**
 * Money in the counters is a {@code long} of nano-USD: exact addition under concurrency, and fine
 * enough for a few tokens of the cheapest model (a token of a $0.02/M model is 20 nano-USD).
 */
final class Nanos {

  private Nanos() {}

  static long of(double usd) {
    return Math.round(usd * 1e9);
  }

  static double usd(long nanos) {
    return nanos / 1e9;
  }
}
