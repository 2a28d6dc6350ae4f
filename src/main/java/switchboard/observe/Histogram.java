package switchboard.observe;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * One Prometheus histogram series: cumulative bucket counts at fixed upper bounds, a sum and a
 * count. Observing is a few {@link LongAdder} increments, cheap enough for every request.
 */
final class Histogram {

  private final double[] bounds;
  private final LongAdder[] counts;
  private final DoubleAdder sum = new DoubleAdder();
  private final LongAdder count = new LongAdder();

  Histogram(double[] bounds) {
    this.bounds = bounds.clone();
    this.counts = new LongAdder[bounds.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  void observe(double value) {
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        counts[i].increment();
        break;
      }
    }
    sum.add(value);
    count.increment();
  }

  /** Appends the series' {@code _bucket}, {@code _sum} and {@code _count} lines. */
  void render(StringBuilder out, String name, String labels) {
    String sep = labels.isEmpty() ? "" : labels + ",";
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts[i].sum();
      out.append(name)
          .append("_bucket{")
          .append(sep)
          .append("le=\"")
          .append(bounds[i])
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    long total = count.sum();
    out.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(total);
    out.append('\n');
    String braces = labels.isEmpty() ? "" : "{" + labels + "}";
    out.append(name).append("_sum").append(braces).append(' ').append(sum.sum()).append('\n');
    out.append(name).append("_count").append(braces).append(' ').append(total).append('\n');
  }
}
