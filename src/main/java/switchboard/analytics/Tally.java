package switchboard.analytics;

import java.util.Map;
import java.util.TreeMap;

/**
 * Adds up a query's figures from roll-up rows and records, into one total, time buckets or
 * dimension values as its {@link Grouping} says. Rows and records are expected to be in the plan's
 * ranges already; the filter's dimension values are checked here.
 */
public final class Tally {

  /** A time series longer than this many buckets is refused (1 m buckets: about a month). */
  public static final int MAX_BUCKETS = 50_000;

  private final Filter filter;
  private final Grouping grouping;
  private final Figures total = new Figures();
  private final TreeMap<Long, Figures> buckets = new TreeMap<>();
  private final TreeMap<String, Figures> rows = new TreeMap<>();

  public Tally(Filter filter, Grouping grouping) {
    this.filter = filter;
    this.grouping = grouping;
    if (grouping instanceof Grouping.Buckets b) {
      long first = b.start(filter.fromMs());
      if ((filter.toMs() - first) / b.millis() > MAX_BUCKETS) {
        throw new IllegalArgumentException(
            "the range holds more than " + MAX_BUCKETS + " buckets; use a larger bucket");
      }
      for (long t = first; t < filter.toMs(); t += b.millis()) {
        buckets.put(t, new Figures());
      }
    }
  }

  /** Adds a roll-up row of the plan's dimension, when its value passes the filter. */
  public void add(RollupRow row) {
    Dimension dim = row.dim().isEmpty() ? null : Dimension.byLabel(row.dim());
    if (dim != null && !filter.matches(dim, row.value())) {
      return;
    }
    if (grouping instanceof Grouping.Buckets b) {
      row.addTo(buckets.computeIfAbsent(b.start(row.bucketMs()), k -> new Figures()));
    } else if (grouping instanceof Grouping.By) {
      row.addTo(rows.computeIfAbsent(row.value(), k -> new Figures()));
    } else {
      row.addTo(total);
    }
  }

  /** Adds a record that passed the filter's SQL. */
  public void add(RequestFacts r) {
    if (grouping instanceof Grouping.Buckets b) {
      buckets.computeIfAbsent(b.start(r.timestampMillis()), k -> new Figures()).add(r);
    } else if (grouping instanceof Grouping.By by) {
      for (String v : r.values(by.dimension())) {
        if (filter.matches(by.dimension(), v)) {
          rows.computeIfAbsent(v, k -> new Figures()).add(r);
        }
      }
    } else {
      total.add(r);
    }
  }

  public Figures total() {
    return total;
  }

  /** Bucket start (epoch ms) to its figures, every bucket of the range, oldest first. */
  public Map<Long, Figures> buckets() {
    return buckets;
  }

  /** Dimension value ({@code ""}: none) to its figures. */
  public Map<String, Figures> rows() {
    return rows;
  }
}
