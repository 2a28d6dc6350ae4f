package switchboard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The exposition text follows the Prometheus text format (0.0.4): every sample line is {@code
 * name{labels} value}, every family has one HELP and one TYPE line before its samples, histogram
 * buckets are cumulative and end in {@code +Inf} equal to {@code _count}.
 */
class MetricsTest {

  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*\\})?"
              + " (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");

  @Test
  void histogramsCountersAndGaugesRenderInTheTextFormat() {
    Metrics m = new Metrics();
    m.histogram("t_seconds", "A latency", 0.1, 1, 10);
    m.observe("t_seconds", "op=\"chat\"", 0.05);
    m.observe("t_seconds", "op=\"chat\"", 0.5);
    m.observe("t_seconds", "op=\"chat\"", 50);
    m.increment("t_total", "domain=\"caller\"");
    m.addDouble("t_usd_total", "provider=\"openai\"", 0.25);
    m.addDouble("t_usd_total", "provider=\"openai\"", 0.5);
    m.gauge("t_depth", "A queue", () -> 7);

    String text = m.render();
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        assertThat(types.put(parts[2], parts[3])).as("one TYPE per family: " + line).isNull();
      } else if (!line.startsWith("# HELP ")) {
        Matcher s = SAMPLE.matcher(line);
        assertThat(s.matches()).as("a sample line: " + line).isTrue();
        String family = s.group(1).replaceAll("_(bucket|sum|count)$", "");
        assertThat(types).as("TYPE before samples of " + family).containsKey(family);
        samples.put(
            s.group(1) + (s.group(2) == null ? "" : s.group(2)),
            Double.parseDouble(s.group(3).replace("+Inf", "Infinity")));
      }
    }
    assertThat(types)
        .containsEntry("t_seconds", "histogram")
        .containsEntry("t_total", "counter")
        .containsEntry("t_usd_total", "counter")
        .containsEntry("t_depth", "gauge");
    assertThat(samples)
        .containsEntry("t_seconds_bucket{op=\"chat\",le=\"0.1\"}", 1.0)
        .containsEntry("t_seconds_bucket{op=\"chat\",le=\"1.0\"}", 2.0)
        .containsEntry("t_seconds_bucket{op=\"chat\",le=\"10.0\"}", 2.0)
        .containsEntry("t_seconds_bucket{op=\"chat\",le=\"+Inf\"}", 3.0)
        .containsEntry("t_seconds_count{op=\"chat\"}", 3.0)
        .containsEntry("t_seconds_sum{op=\"chat\"}", 50.55)
        .containsEntry("t_total{domain=\"caller\"}", 1.0)
        .containsEntry("t_usd_total{provider=\"openai\"}", 0.75)
        .containsEntry("t_depth", 7.0);
  }
}
