package switchboard.observe;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters and gauges rendered in the Prometheus text format at {@code /metrics}. Thread-safe;
 * counting is a {@link LongAdder} increment, cheap enough for the hot path.
 */
public final class Metrics {

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
  private final Map<String, String> help = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.DoubleAdder> sums =
      new ConcurrentHashMap<>();
  private final Map<String, double[]> histogramBounds = new ConcurrentHashMap<>();
  private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();

  /** Declares a histogram with these upper bounds (ascending); observe with {@link #observe}. */
  public void histogram(String name, String description, double... bounds) {
    histogramBounds.put(name, bounds.clone());
    help.put(name, description);
  }

  /** Observes {@code value} in histogram {@code name{labels}} (declared first). */
  public void observe(String name, String labels, double value) {
    double[] bounds = histogramBounds.get(name);
    if (bounds == null) {
      throw new IllegalStateException("histogram not declared: " + name);
    }
    histograms.computeIfAbsent(series(name, labels), k -> new Histogram(bounds)).observe(value);
  }

  /** Adds a fractional amount (e.g. USD) to counter {@code name{labels}}. */
  public void addDouble(String name, String labels, double delta) {
    sums.computeIfAbsent(series(name, labels), k -> new java.util.concurrent.atomic.DoubleAdder())
        .add(delta);
  }

  /** Adds one to {@code name{labels}}; labels as {@code key="value",…} or empty. */
  public void increment(String name, String labels) {
    add(name, labels, 1);
  }

  public void add(String name, String labels, long delta) {
    counters.computeIfAbsent(series(name, labels), k -> new LongAdder()).add(delta);
  }

  public long value(String name, String labels) {
    LongAdder adder = counters.get(series(name, labels));
    return adder == null ? 0 : adder.sum();
  }

  public void gauge(String name, String description, LongSupplier value) {
    gauge(name, "", description, value);
  }

  /** A gauge series with labels ({@code key="value",…}), read when {@code /metrics} is scraped. */
  public void gauge(String name, String labels, String description, LongSupplier value) {
    gauges.put(series(name, labels), value);
    help.put(name, description);
  }

  public void describe(String name, String description) {
    help.put(name, description);
  }

  /** The Prometheus exposition text. */
  public String render() {
    StringBuilder out = new StringBuilder(4096);
    Map<String, Map<String, Long>> byName = new TreeMap<>();
    counters.forEach(
        (series, adder) -> {
          int brace = series.indexOf('{');
          String name = brace < 0 ? series : series.substring(0, brace);
          byName.computeIfAbsent(name, k -> new TreeMap<>()).put(series, adder.sum());
        });
    byName.forEach(
        (name, series) -> {
          out.append("# HELP ")
              .append(name)
              .append(' ')
              .append(help.getOrDefault(name, name))
              .append('\n');
          out.append("# TYPE ").append(name).append(" counter\n");
          series.forEach((s, v) -> out.append(s).append(' ').append(v).append('\n'));
        });
    Map<String, Map<String, Double>> sumsByName = new TreeMap<>();
    sums.forEach(
        (series, adder) ->
            sumsByName
                .computeIfAbsent(nameOf(series), k -> new TreeMap<>())
                .put(series, adder.sum()));
    sumsByName.forEach(
        (name, series) -> {
          header(out, name, "counter");
          series.forEach((s, v) -> out.append(s).append(' ').append(v).append('\n'));
        });
    Map<String, Map<String, Histogram>> histogramsByName = new TreeMap<>();
    histograms.forEach(
        (series, h) ->
            histogramsByName.computeIfAbsent(nameOf(series), k -> new TreeMap<>()).put(series, h));
    histogramsByName.forEach(
        (name, series) -> {
          header(out, name, "histogram");
          series.forEach(
              (s, h) -> {
                int brace = s.indexOf('{');
                h.render(out, name, brace < 0 ? "" : s.substring(brace + 1, s.length() - 1));
              });
        });
    Map<String, Map<String, LongSupplier>> gaugesByName = new TreeMap<>();
    gauges.forEach(
        (series, supplier) -> {
          int brace = series.indexOf('{');
          String name = brace < 0 ? series : series.substring(0, brace);
          gaugesByName.computeIfAbsent(name, k -> new TreeMap<>()).put(series, supplier);
        });
    gaugesByName.forEach(
        (name, series) -> {
          out.append("# HELP ")
              .append(name)
              .append(' ')
              .append(help.getOrDefault(name, name))
              .append('\n');
          out.append("# TYPE ").append(name).append(" gauge\n");
          series.forEach((s, v) -> out.append(s).append(' ').append(v.getAsLong()).append('\n'));
        });
    return out.toString();
  }

  private void header(StringBuilder out, String name, String type) {
    out.append("# HELP ").append(name).append(' ').append(help.getOrDefault(name, name));
    out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String nameOf(String series) {
    int brace = series.indexOf('{');
    return brace < 0 ? series : series.substring(0, brace);
  }

  private static String series(String name, String labels) {
    return labels == null || labels.isEmpty() ? name : name + "{" + labels + "}";
  }
}
