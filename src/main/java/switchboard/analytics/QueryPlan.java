package switchboard.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a query's figures come from. The whole hours inside the range come from the roll-ups of one
 * dimension when the query needs no other ({@code dim}; {@link Rollups#ALL} for none); the partial
 * hours at either end, and any query the roll-ups cannot answer (two filtered dimensions, a
 * breakdown filtered by another dimension, buckets shorter than an hour), from the records
 * themselves. Both give the same figures: the roll-ups are the records' figures, pre-added.
 *
 * @param dim the roll-ups' dimension label, or null when everything is read from records
 * @param rollupFromMs start of the whole hours read from roll-ups (inclusive)
 * @param rollupToMs end of the whole hours read from roll-ups (exclusive)
 * @param rawRanges {@code [from, to)} ranges read from the records
 */
public record QueryPlan(String dim, long rollupFromMs, long rollupToMs, List<long[]> rawRanges) {

  public static QueryPlan of(Filter filter, Grouping grouping) {
    String dim = rollupDimension(filter.values().keySet(), grouping);
    long hourFrom = ceilHour(filter.fromMs());
    long hourTo = Math.floorDiv(filter.toMs(), Rollups.HOUR_MS) * Rollups.HOUR_MS;
    if (dim == null || hourFrom >= hourTo) {
      return new QueryPlan(null, 0, 0, List.of(new long[] {filter.fromMs(), filter.toMs()}));
    }
    List<long[]> raw = new ArrayList<>(2);
    if (filter.fromMs() < hourFrom) {
      raw.add(new long[] {filter.fromMs(), hourFrom});
    }
    if (hourTo < filter.toMs()) {
      raw.add(new long[] {hourTo, filter.toMs()});
    }
    return new QueryPlan(dim, hourFrom, hourTo, raw);
  }

  public boolean usesRollups() {
    return dim != null;
  }

  private static String rollupDimension(Set<Dimension> filtered, Grouping grouping) {
    if (grouping instanceof Grouping.Buckets b && b.millis() % Rollups.HOUR_MS != 0) {
      return null;
    }
    if (grouping instanceof Grouping.By by) {
      return filtered.isEmpty() || filtered.equals(Set.of(by.dimension()))
          ? by.dimension().label()
          : null;
    }
    if (filtered.isEmpty()) {
      return Rollups.ALL;
    }
    return filtered.size() == 1 ? filtered.iterator().next().label() : null;
  }

  private static long ceilHour(long ms) {
    return -Math.floorDiv(-ms, Rollups.HOUR_MS) * Rollups.HOUR_MS;
  }
}
