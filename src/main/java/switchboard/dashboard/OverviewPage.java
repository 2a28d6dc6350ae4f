package switchboard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The overview: the figures of {@code /admin/v1/analytics/overview}, time-series charts, a range
 * picker and filters, live updates by server-sent events, and hints at savings drawn from the
 * breakdown by model.
 */
final class OverviewPage {

  private static final long LIVE_EVERY_MS = 3000;

  private record Figure(String id, String label, Function<JsonNode, String> value) {}

  private static final List<Figure> FIGURES =
      List.of(
          new Figure("requests", "Requests", o -> Html.count(o.path("requests").asLong())),
          new Figure(
              "error_rate", "Error rate", o -> Html.percent(o.path("error_rate").asDouble())),
          new Figure("cost_usd", "Cost", o -> Html.usd(o.path("cost_usd").asDouble())),
          new Figure("savings_usd", "Saved", o -> Html.usd(o.path("savings_usd").asDouble())),
          new Figure(
              "tokens",
              "Tokens in / out",
              o ->
                  Html.count(o.path("tokens").path("input").asLong())
                      + " / "
                      + Html.count(o.path("tokens").path("output").asLong())),
          new Figure("latency", "Latency p50 / p95 / p99", o -> pcts(o.path("latency_ms"))),
          new Figure("ttft", "First token p50 / p95 / p99", o -> pcts(o.path("ttft_ms"))),
          new Figure(
              "cache_hit_rate",
              "Prompt cache hits",
              o -> Html.percent(o.path("cache_hit_rate").asDouble())),
          new Figure(
              "response_cache_hit_rate",
              "Response cache hits",
              o -> Html.percent(o.path("response_cache_hit_rate").asDouble())),
          new Figure(
              "failover_rate", "Failover", o -> Html.percent(o.path("failover_rate").asDouble())),
          new Figure(
              "guarded",
              "Guardrails acted on",
              o -> Html.count(o.path("guardrails").path("guarded").asLong())),
          new Figure(
              "guard_actions",
              "Redacted / masked / blocked / flagged",
              o -> {
                JsonNode a = o.path("guardrails").path("actions");
                return Html.count(a.path("redact").asLong())
                    + " / "
                    + Html.count(a.path("mask").asLong())
                    + " / "
                    + Html.count(a.path("block").asLong())
                    + " / "
                    + Html.count(a.path("flag").asLong());
              }));

  void show(Visit v) {
    Analytics a = Analytics.of(v);
    String q = a.apiQuery(Instant.now());
    Future<AdminClient.Reply> overview = v.admin().get(v.ctx(), "/analytics/overview?" + q);
    Future<AdminClient.Reply> series =
        v.admin().get(v.ctx(), "/analytics/timeseries?" + q + "&bucket=" + a.bucket());
    boolean withBreakdown = a.modelBreakdownIsCheap();
    Future<AdminClient.Reply> byModel =
        withBreakdown
            ? v.admin().get(v.ctx(), "/analytics/breakdown?" + q + "&by=model")
            : Future.succeededFuture(null);
    Future<String> content =
        Future.all(overview, series, byModel)
            .map(
                all -> {
                  StringBuilder html = new StringBuilder(a.form("/", false));
                  if (!overview.result().ok()) {
                    return html.append(
                            Layout.message(
                                true,
                                overview.result().status() == 404
                                    ? "Analytics are not available on this gateway version (no"
                                        + " /admin/v1/analytics)."
                                    : overview.result().error()))
                        .toString();
                  }
                  JsonNode o = overview.result().body();
                  if (o.path("requests").asLong() == 0) {
                    html.append(
                        Layout.empty(
                            "No requests in this range yet.",
                            "Point an app at <code>/v1</code> with a key from the <a href=\"/keys\">Keys"
                                + "</a> page; the figures below update live."));
                  }
                  html.append("<p class=\"live\" id=\"live\" data-src=\"/overview/live?")
                      .append(Html.esc(a.pageQuery()))
                      .append("\">Live updates every few seconds</p><div class=\"figures\">");
                  for (Figure f : FIGURES) {
                    html.append("<div class=\"figure\"><div class=\"label\">")
                        .append(Html.esc(f.label()))
                        .append("</div><div class=\"value\" id=\"fig-")
                        .append(f.id())
                        .append("\">")
                        .append(Html.esc(f.value().apply(o)))
                        .append("</div></div>");
                  }
                  html.append("</div>");
                  html.append(guardrails(o.path("guardrails")));
                  if (withBreakdown) {
                    html.append(hints(byModel.result()));
                  }
                  html.append(charts(series.result()));
                  html.append(
                      withBreakdown
                          ? breakdown(byModel.result())
                          : "<p class=\"hint\" id=\"by-model-note\">The breakdown by model and"
                              + " the hints show with no filter or a model filter only.</p>");
                  return html.toString();
                });
    v.render("Overview", "/", content);
  }

  /** Server-sent events: the figures, formatted, every few seconds while the page is open. */
  void live(Visit v) {
    Analytics a = Analytics.of(v);
    HttpServerResponse resp = v.ctx().response();
    resp.setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-store")
        .putHeader("x-accel-buffering", "no");
    resp.write("retry: 5000\n\n");
    long timer =
        v.ctx()
            .vertx()
            .setPeriodic(
                0,
                LIVE_EVERY_MS,
                id ->
                    v.admin()
                        .get(v.ctx(), "/analytics/overview?" + a.apiQuery(Instant.now()))
                        .onSuccess(
                            r -> {
                              if (r.ok() && !resp.ended() && !resp.closed()) {
                                resp.write("event: overview\ndata: " + figures(r.body()) + "\n\n");
                              }
                            }));
    resp.closeHandler(x -> v.ctx().vertx().cancelTimer(timer));
    resp.exceptionHandler(x -> v.ctx().vertx().cancelTimer(timer));
  }

  private static String figures(JsonNode o) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Figure f : FIGURES) {
      out.put("fig-" + f.id(), f.value().apply(o));
    }
    return out.toString();
  }

  private static String pcts(JsonNode p) {
    return Html.millis(p.path("p50").asDouble(Double.NaN))
        + " / "
        + Html.millis(p.path("p95").asDouble(Double.NaN))
        + " / "
        + Html.millis(p.path("p99").asDouble(Double.NaN));
  }

  /** The chart data, in uPlot's column layout, for the script to draw. */
  private static String charts(AdminClient.Reply series) {
    if (!series.ok() || series.body().path("buckets").isEmpty()) {
      return "";
    }
    Map<String, List<Double>> cols = new LinkedHashMap<>();
    for (String c : List.of("t", "requests", "errors", "cost_usd", "p50", "p95")) {
      cols.put(c, new java.util.ArrayList<>());
    }
    for (JsonNode b : series.body().path("buckets")) {
      cols.get("t").add((double) Instant.parse(b.path("start").asText()).getEpochSecond());
      cols.get("requests").add(b.path("requests").asDouble());
      cols.get("errors").add(b.path("errors").asDouble());
      cols.get("cost_usd").add(b.path("cost_usd").asDouble());
      cols.get("p50").add(nullable(b.path("latency_ms").path("p50")));
      cols.get("p95").add(nullable(b.path("latency_ms").path("p95")));
    }
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    cols.forEach((k, list) -> list.forEach(json.withArray(k)::add));
    return "<div class=\"charts\"><div class=\"chart\" id=\"chart-requests\" aria-label=\"Requests"
        + " and errors over time\"></div><div class=\"chart\" id=\"chart-latency\""
        + " aria-label=\"Latency over time\"></div><div class=\"chart\" id=\"chart-cost\""
        + " aria-label=\"Cost over time\"></div></div><script type=\"application/json\""
        + " id=\"series\">"
        + Html.jsonBlock(json.toString())
        + "</script>";
  }

  private static Double nullable(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }

  /**
   * What the guardrails did in the range, and the personal data they found by type (counts only:
   * the analytics never hold the values).
   */
  static String guardrails(JsonNode g) {
    if (g.path("guarded").asLong() == 0) {
      return "";
    }
    StringBuilder h =
        new StringBuilder(
                "<section class=\"card\" id=\"guardrails\"><h2>Guardrail actions</h2><p>Requests"
                    + " with personal data or a prompt injection found in them: ")
            .append(Html.count(g.path("guarded").asLong()))
            .append(". Counts only: the values found are never stored.</p>")
            .append("<div class=\"table\"><table id=\"guard-actions\"><thead><tr><th>Action</th>")
            .append("<th class=\"num\">Requests</th></tr></thead><tbody>");
    for (String[] a :
        new String[][] {
          {"redact", "PII redacted (restored in the answer)"},
          {"mask", "PII masked"},
          {"block", "Blocked"},
          {"flag", "Injection flagged"}
        }) {
      h.append("<tr><td>")
          .append(Html.esc(a[1]))
          .append("</td><td class=\"num\" data-action=\"")
          .append(a[0])
          .append("\">")
          .append(Html.count(g.path("actions").path(a[0]).asLong()))
          .append("</td></tr>");
    }
    h.append("</tbody></table></div>");
    if (!g.path("types").isEmpty()) {
      h.append("<div class=\"table\"><table id=\"guard-types\"><thead><tr><th>Found</th>")
          .append("<th class=\"num\">Values</th></tr></thead><tbody>");
      g.path("types")
          .fields()
          .forEachRemaining(
              e ->
                  h.append("<tr><td>")
                      .append(Html.esc(e.getKey()))
                      .append("</td><td class=\"num\">")
                      .append(Html.count(e.getValue().asLong()))
                      .append("</td></tr>"));
      h.append("</tbody></table></div>");
    }
    return h.append("</section>").toString();
  }

  /** What to optimise, from the breakdown by model. */
  static String hints(AdminClient.Reply byModel) {
    if (!byModel.ok()) {
      return "";
    }
    List<String> hints = new java.util.ArrayList<>();
    for (JsonNode row : byModel.body().path("rows")) {
      String model = row.path("value").asText();
      long requests = row.path("requests").asLong();
      long input = row.path("tokens").path("input").asLong();
      if (requests < 10) {
        continue;
      }
      double cacheHit = row.path("cache_hit_rate").asDouble();
      if (input / Math.max(1, requests) >= 1024 && cacheHit < 0.2) {
        hints.add(
            "Requests to <strong>"
                + Html.esc(model)
                + "</strong> send "
                + Html.count(input / requests)
                + " prompt tokens on average, but only "
                + Html.esc(Html.percent(cacheHit))
                + " came from the provider's cache: turn on <code>auto_cache</code> for its keys.");
      }
      double failover = row.path("failover_rate").asDouble();
      if (failover >= 0.05) {
        hints.add(
            Html.esc(Html.percent(failover))
                + " of requests to <strong>"
                + Html.esc(model)
                + "</strong> failed over: check its circuit on <a href=\"/providers\">Providers</a>"
                + " or put a steadier model first in its policy.");
      }
      double errors = row.path("error_rate").asDouble();
      if (errors >= 0.05) {
        hints.add(
            Html.esc(Html.percent(errors))
                + " of requests to <strong>"
                + Html.esc(model)
                + "</strong> failed: a <a href=\"/policies\">fallback policy</a> would have served"
                + " them from another model.");
      }
    }
    if (hints.isEmpty()) {
      return "";
    }
    StringBuilder h =
        new StringBuilder(
            "<section class=\"card\" id=\"hints\"><h2>Where to save</h2><ul class=\"hints\">");
    hints.forEach(x -> h.append("<li>").append(x).append("</li>"));
    return h.append("</ul></section>").toString();
  }

  private static String breakdown(AdminClient.Reply byModel) {
    if (!byModel.ok() || byModel.body().path("rows").isEmpty()) {
      return "";
    }
    StringBuilder t =
        new StringBuilder(
            "<h2>By model</h2><div class=\"table\"><table id=\"by-model\"><thead><tr><th>Model</th>"
                + "<th class=\"num\">Requests</th><th class=\"num\">Errors</th><th class=\"num\">Cost</th>"
                + "<th class=\"num\">p95 latency</th><th class=\"num\">Cache hits</th>"
                + "<th class=\"num\">Failover</th></tr></thead><tbody>");
    for (JsonNode row : byModel.body().path("rows")) {
      t.append("<tr><td>")
          .append(Html.esc(row.path("value").asText()))
          .append("</td><td class=\"num\">")
          .append(Html.count(row.path("requests").asLong()))
          .append("</td><td class=\"num\">")
          .append(Html.esc(Html.percent(row.path("error_rate").asDouble())))
          .append("</td><td class=\"num\">")
          .append(Html.usd(row.path("cost_usd").asDouble()))
          .append("</td><td class=\"num\">")
          .append(Html.millis(row.path("latency_ms").path("p95").asDouble(Double.NaN)))
          .append("</td><td class=\"num\">")
          .append(Html.esc(Html.percent(row.path("cache_hit_rate").asDouble())))
          .append("</td><td class=\"num\">")
          .append(Html.esc(Html.percent(row.path("failover_rate").asDouble())))
          .append("</td></tr>");
    }
    return t.append("</tbody></table></div>").toString();
  }
}
