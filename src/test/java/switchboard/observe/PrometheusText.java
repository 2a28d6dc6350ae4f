package switchboard.observe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written to the format's
 * specification ("Exposition formats", text format details) because no Java parser of it exists on
 * Maven Central (the official client's {@code prometheus-metrics-exposition-textformats} only
 * writes; the reference parser is Go's {@code expfmt}). It refuses what Prometheus refuses and
 * more: malformed names, labels, escapes and values; a second HELP or TYPE for a family; a TYPE
 * after the family's samples; a family's samples split by another's; a repeated series; a histogram
 * whose buckets are not cumulative or whose {@code +Inf} bucket is not its count.
 */
public final class PrometheusText {

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family: its type, help and samples in order. */
  public record Family(String name, String type, String help, List<Sample> samples) {}

  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private final String text;
  private int line;

  private PrometheusText(String text) {
    this.text = text;
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming the line at fault. */
  public static Map<String, Family> parse(String text) {
    return new PrometheusText(text).families();
  }

  private Map<String, Family> families() {
    Map<String, String> types = new HashMap<>();
    Map<String, String> helps = new HashMap<>();
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    Set<String> closed = new HashSet<>(); // families whose sample block has ended
    Set<String> series = new HashSet<>();
    String current = null;
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the last line must end with a line feed");
    }
    String[] lines = text.split("\n", -1);
    for (line = 1; line < lines.length; line++) { // the piece after the last \n is empty
      String l = lines[line - 1];
      if (l.isBlank()) {
        continue;
      }
      if (l.startsWith("#")) {
        String[] parts = l.split(" ", 4);
        if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
          if (!parts[0].equals("#")) {
            fail("a HELP or TYPE line starts with '# '");
          }
          String name = parts[2];
          metricName(name);
          if (parts[1].equals("HELP")) {
            if (helps.put(name, unescapeHelp(parts.length == 4 ? parts[3] : "")) != null) {
              fail("second HELP for " + name);
            }
          } else {
            if (parts.length != 4 || !TYPES.contains(parts[3])) {
              fail("TYPE needs one of " + TYPES);
            }
            if (types.put(name, parts[3]) != null) {
              fail("second TYPE for " + name);
            }
            if (samples.containsKey(name)) {
              fail("TYPE for " + name + " after its samples");
            }
          }
        }
        continue; // any other comment
      }
      Sample s = sample(l);
      String family = familyOf(s.name(), types);
      if (!family.equals(current)) {
        if (closed.contains(family)) {
          fail("samples of " + family + " are not together");
        }
        if (current != null) {
          closed.add(current);
        }
        current = family;
      }
      if (!series.add(s.name() + new java.util.TreeMap<>(s.labels()))) {
        fail("repeated series " + s.name() + s.labels());
      }
      samples.computeIfAbsent(family, k -> new ArrayList<>()).add(s);
    }
    Map<String, Family> out = new LinkedHashMap<>();
    samples.forEach(
        (name, list) -> {
          String type = types.getOrDefault(name, "untyped");
          if (type.equals("histogram")) {
            checkHistogram(name, list);
          }
          if (type.equals("counter")) {
            list.forEach(
                s -> {
                  if (s.value() < 0) {
                    throw new IllegalArgumentException("counter " + s.name() + " is negative");
                  }
                });
          }
          out.put(name, new Family(name, type, helps.get(name), List.copyOf(list)));
        });
    return out;
  }

  /** The family a sample belongs to: histogram and summary samples carry suffixes. */
  private static String familyOf(String name, Map<String, String> types) {
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String type = types.get(base);
        if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
          return base;
        }
      }
    }
    return name;
  }

  private Sample sample(String l) {
    int i = 0;
    while (i < l.length() && l.charAt(i) != '{' && l.charAt(i) != ' ') {
      i++;
    }
    String name = l.substring(0, i);
    metricName(name);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < l.length() && l.charAt(i) == '{') {
      i++;
      while (true) {
        if (i >= l.length()) {
          fail("unterminated label set");
        }
        if (l.charAt(i) == '}') {
          i++;
          break;
        }
        int eq = l.indexOf('=', i);
        if (eq < 0) {
          fail("label without '='");
        }
        String label = l.substring(i, eq);
        if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*") || label.startsWith("__")) {
          fail("bad label name '" + label + "'");
        }
        if (eq + 1 >= l.length() || l.charAt(eq + 1) != '"') {
          fail("label value must be quoted");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        while (true) {
          if (j >= l.length()) {
            fail("unterminated label value");
          }
          char c = l.charAt(j);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (j + 1 >= l.length()) {
              fail("dangling backslash");
            }
            char e = l.charAt(++j);
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> fail("bad escape \\" + e + " in a label value");
            }
          } else {
            value.append(c);
          }
          j++;
        }
        if (labels.put(label, value.toString()) != null) {
          fail("repeated label " + label);
        }
        i = j + 1;
        if (i < l.length() && l.charAt(i) == ',') {
          i++;
        } else if (i >= l.length() || l.charAt(i) != '}') {
          fail("labels must be separated by ','");
        }
      }
    }
    if (i >= l.length() || l.charAt(i) != ' ') {
      fail("a space must separate the series from its value");
    }
    String[] rest = l.substring(i + 1).split(" ", -1);
    if (rest.length > 2) {
      fail("more than a value and a timestamp");
    }
    double value = value(rest[0]);
    if (rest.length == 2 && !rest[1].matches("-?[0-9]+")) {
      fail("bad timestamp " + rest[1]);
    }
    return new Sample(name, labels, value);
  }

  private double value(String s) {
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        if (!s.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
          fail("bad value '" + s + "'");
        }
        return Double.parseDouble(s);
    }
  }

  private void metricName(String name) {
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      fail("bad metric name '" + name + "'");
    }
  }

  private String unescapeHelp(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        char e = i + 1 < s.length() ? s.charAt(++i) : ' ';
        switch (e) {
          case '\\' -> out.append('\\');
          case 'n' -> out.append('\n');
          default -> fail("bad escape in HELP");
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Per series (labels but {@code le}): ascending bounds, cumulative counts, +Inf = count. */
  private static void checkHistogram(String name, List<Sample> samples) {
    Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
    Map<Map<String, String>, Double> counts = new HashMap<>();
    Set<Map<String, String>> sums = new HashSet<>();
    for (Sample s : samples) {
      Map<String, String> key = new java.util.TreeMap<>(s.labels());
      if (s.name().equals(name + "_bucket")) {
        if (key.remove("le") == null) {
          throw new IllegalArgumentException(name + "_bucket without le");
        }
        buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      } else if (s.name().equals(name + "_count")) {
        counts.put(key, s.value());
      } else if (s.name().equals(name + "_sum")) {
        sums.add(key);
      } else {
        throw new IllegalArgumentException("histogram " + name + " has sample " + s.name());
      }
    }
    buckets.forEach(
        (key, list) -> {
          double lastLe = Double.NEGATIVE_INFINITY;
          double lastCount = 0;
          for (Sample b : list) {
            String le = b.labels().get("le");
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            if (bound <= lastLe || b.value() < lastCount) {
              throw new IllegalArgumentException(name + key + " buckets not ascending/cumulative");
            }
            lastLe = bound;
            lastCount = b.value();
          }
          if (lastLe != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + key + " has no +Inf bucket");
          }
          if (!Double.valueOf(lastCount).equals(counts.get(key)) || !sums.contains(key)) {
            throw new IllegalArgumentException(name + key + ": +Inf bucket != _count, or no _sum");
          }
        });
  }

  private void fail(String why) {
    throw new IllegalArgumentException("line " + line + ": " + why);
  }
}
