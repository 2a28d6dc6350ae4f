package switchboard.analytics;

/**
 * How a query's requests are grouped: all together (the overview), by time bucket (a time series,
 * buckets aligned to the epoch in UTC) or by the values of one dimension (a breakdown).
 */
public sealed interface Grouping {

  Grouping ALL = new All();

  record All() implements Grouping {}

  /** Buckets of {@code millis}, each starting at a multiple of it since the epoch. */
  record Buckets(long millis) implements Grouping {
    public Buckets {
      if (millis <= 0) {
        throw new IllegalArgumentException("bucket size must be positive");
      }
    }

    public long start(long timestampMillis) {
      return Math.floorDiv(timestampMillis, millis) * millis;
    }
  }

  record By(Dimension dimension) implements Grouping {}
}
