package switchboard.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filters shared by the overview and the request log, read from the page's query and written as
 * the analytics API's query string (SPEC §4: {@code from}, {@code to}, {@code key_id}, {@code
 * model}, {@code provider}, {@code policy}, {@code tag}, {@code status}).
 */
record Analytics(String range, Map<String, String> filters) {

  static final List<String> FILTERS =
      List.of("model", "provider", "key_id", "policy", "tag", "status");
  static final Map<String, Duration> RANGES =
      Map.of(
          "1h", Duration.ofHours(1),
          "24h", Duration.ofHours(24),
          "7d", Duration.ofDays(7),
          "30d", Duration.ofDays(30));

  static Analytics of(Visit v) {
    String range = v.query("range");
    if (range == null || !RANGES.containsKey(range)) {
      range = "24h";
    }
    Map<String, String> filters = new LinkedHashMap<>();
    for (String f : FILTERS) {
      if (v.query(f) != null) {
        filters.put(f, v.query(f));
      }
    }
    return new Analytics(range, filters);
  }

  /** The time-series bucket that gives a readable number of points for the range. */
  String bucket() {
    return switch (range) {
      case "1h" -> "1m";
      case "30d" -> "1d";
      default -> "1h";
    };
  }

  /**
   * The analytics API's query: the window ending now, and the filters. A window of a day or more
   * starts at the top of its first hour: the API reads whole hours from its hourly roll-ups but a
   * partial hour from the records themselves (about 14,000 rows an hour at 10 million a month, read
   * again by each of the page's calls), and the first hourly or daily chart bucket is then whole
   * rather than a misleading sliver. The last hour, the current one, is always partial.
   */
  String apiQuery(Instant now) {
    Instant from = now.minus(RANGES.get(range));
    if (!range.equals("1h")) {
      from = from.truncatedTo(ChronoUnit.HOURS);
    }
    StringBuilder q =
        new StringBuilder("from=").append(from.toString()).append("&to=").append(now.toString());
    filters.forEach((k, val) -> q.append('&').append(k).append('=').append(Forms.urlEncode(val)));
    return q.toString();
  }

  /**
   * Whether a breakdown by model can come from the roll-ups: with no filter, or a filter on the
   * model alone. Any other filter makes the API read every matching record of the window (seconds
   * at 10 million records a month), so the overview leaves the breakdown out then.
   */
  boolean modelBreakdownIsCheap() {
    return filters.isEmpty() || filters.keySet().equals(java.util.Set.of("model"));
  }

  /** The page's own query (for links and live updates). */
  String pageQuery() {
    StringBuilder q = new StringBuilder("range=").append(range);
    filters.forEach((k, val) -> q.append('&').append(k).append('=').append(Forms.urlEncode(val)));
    return q.toString();
  }

  /** The range picker and filter fields, as a GET form. */
  String form(String action, boolean withStatus) {
    StringBuilder f =
        new StringBuilder("<form method=\"get\" action=\"")
            .append(action)
            .append(
                "\" class=\"card row\" id=\"filters\"><label for=\"range\">Range<select id=\"range\" name=\"range\">");
    for (String r : List.of("1h", "24h", "7d", "30d")) {
      f.append("<option value=\"")
          .append(r)
          .append('"')
          .append(r.equals(range) ? " selected" : "")
          .append(">last ")
          .append(r)
          .append("</option>");
    }
    f.append("</select></label>");
    for (String name : FILTERS) {
      if (name.equals("status") && !withStatus) {
        continue;
      }
      f.append("<label for=\"f-")
          .append(name)
          .append("\">")
          .append(name.replace("_id", ""))
          .append("<input id=\"f-")
          .append(name)
          .append("\" name=\"")
          .append(name)
          .append("\" value=\"")
          .append(Html.esc(filters.get(name)))
          .append("\"></label>");
    }
    return f.append("<button type=\"submit\">Apply</button></form>").toString();
  }
}
