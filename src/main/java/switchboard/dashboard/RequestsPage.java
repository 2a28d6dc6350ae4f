package switchboard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Iterator;

/**
 * The request log with filters and paging, and one request in detail ({@code /admin/v1/requests}).
 */
final class RequestsPage {

  private static final int PAGE = 50;

  void list(Visit v) {
    Analytics a = Analytics.of(v);
    String cursor = v.query("cursor");
    String query =
        a.apiQuery(Instant.now())
            + "&limit="
            + PAGE
            + (cursor == null ? "" : "&cursor=" + Forms.urlEncode(cursor));
    Future<String> content =
        v.admin()
            .get(v.ctx(), "/requests?" + query)
            .map(
                r ->
                    a.form("/requests", true)
                        + (r.ok() ? table(a, r.body(), cursor != null) : unavailable(r)));
    v.render("Requests", "/requests", content);
  }

  static String unavailable(AdminClient.Reply r) {
    return Layout.message(
        true,
        r.status() == 404
            ? "The request log is not available on this gateway version (no /admin/v1/requests)."
            : r.error());
  }

  private static String table(Analytics a, JsonNode page, boolean paged) {
    JsonNode data = page.path("data");
    if (data.isEmpty()) {
      return Layout.empty(
          paged ? "No older requests." : "No requests in this range.",
          "Send one to <code>/v1/chat/completions</code> with a gateway key, widen the range or"
              + " clear the filters. <code>./switchboard demo-data --requests 1000</code> fills"
              + " the log with synthetic history.");
    }
    StringBuilder t =
        new StringBuilder(
            "<div class=\"table\"><table id=\"requests\"><thead><tr><th>Time (UTC)</th><th>Model</th>"
                + "<th>Served by</th><th>Status</th><th class=\"num\">Latency</th>"
                + "<th class=\"num\">Tokens in / out</th><th class=\"num\">Cost</th><th>Cache</th>"
                + "<th class=\"num\">Attempts</th><th>Key</th></tr></thead><tbody>");
    for (JsonNode r : data) {
      int status = r.path("status").asInt();
      t.append("<tr><td><a href=\"/requests/")
          .append(Html.esc(Forms.urlEncode(r.path("id").asText())))
          .append("\">")
          .append(Html.esc(time(r.path("created_at").asText())))
          .append("</a></td><td>")
          .append(Html.esc(r.path("model").asText()))
          .append(
              r.path("policy").isTextual()
                  ? "<br><span class=\"hint\">policy/"
                      + Html.esc(r.path("policy").asText())
                      + "</span>"
                  : "")
          .append("</td><td>")
          .append(Html.esc(r.path("served_model").asText("–")))
          .append("</td><td><span class=\"badge ")
          .append(status >= 200 && status < 300 ? "ok" : "bad")
          .append("\">")
          .append(status)
          .append("</span></td><td class=\"num\">")
          .append(Html.millis(r.path("latency_ms").asDouble(Double.NaN)))
          .append("</td><td class=\"num\">")
          .append(Html.count(r.path("tokens").path("input").asLong()))
          .append(" / ")
          .append(Html.count(r.path("tokens").path("output").asLong()))
          .append("</td><td class=\"num\">")
          .append(Html.usd(r.path("cost_usd").asDouble()))
          .append("</td><td>")
          .append(Html.esc(r.path("cache").asText("")))
          .append("</td><td class=\"num\">")
          .append(
              r.path("attempts").isArray() ? r.path("attempts").size() : r.path("attempts").asInt())
          .append("</td><td>")
          .append(Html.esc(r.path("key_id").asText()))
          .append("</td></tr>");
    }
    t.append("</tbody></table></div><nav class=\"pager\" aria-label=\"Pages\">");
    if (paged) {
      t.append("<a href=\"/requests?").append(Html.esc(a.pageQuery())).append("\">Newest</a>");
    }
    if (page.path("next_cursor").isTextual()) {
      t.append("<a href=\"/requests?")
          .append(
              Html.esc(
                  a.pageQuery() + "&cursor=" + Forms.urlEncode(page.path("next_cursor").asText())))
          .append("\" id=\"older\">Older →</a>");
    }
    return t.append("</nav>").toString();
  }

  void detail(Visit v) {
    String id = v.ctx().pathParam("id");
    Future<String> content =
        v.admin()
            .get(v.ctx(), "/requests/" + Forms.urlEncode(id))
            .map(r -> r.ok() ? detail(r.body()) : unavailable(r));
    v.render("Request " + id, "/requests", content);
  }

  private static String detail(JsonNode r) {
    StringBuilder h =
        new StringBuilder(
            "<p><a href=\"/requests\">← All requests</a></p><section class=\"card\"><dl class=\"facts\">");
    JsonNode tokens = r.path("tokens");
    fact(h, "Time", r.path("created_at").asText());
    fact(h, "Key", r.path("key_id").asText());
    fact(h, "Model asked", r.path("model").asText());
    fact(
        h, "Served by", r.path("served_model").asText() + " (" + r.path("provider").asText() + ")");
    fact(h, "Policy", r.path("policy").asText("–"));
    fact(h, "Status", r.path("status").asText());
    fact(h, "Stream", r.path("stream").asText());
    fact(h, "Latency", Html.millis(r.path("latency_ms").asDouble(Double.NaN)));
    fact(h, "Time to first token", Html.millis(r.path("ttft_ms").asDouble(Double.NaN)));
    fact(
        h,
        "Tokens",
        "input "
            + tokens.path("input").asLong()
            + ", cached "
            + tokens.path("cached").asLong()
            + ", cache write "
            + tokens.path("cache_write").asLong()
            + ", output "
            + tokens.path("output").asLong()
            + ", reasoning "
            + tokens.path("reasoning").asLong());
    fact(h, "Cost", Html.usd(r.path("cost_usd").asDouble()));
    fact(h, "Saved", Html.usd(r.path("savings_usd").asDouble()));
    fact(h, "Response cache", r.path("cache").asText("–"));
    fact(
        h,
        "Guardrails",
        r.path("guardrails").isMissingNode() || r.path("guardrails").isNull()
            ? "–"
            : r.path("guardrails").asText());
    fact(h, "Guardrail findings", findings(r.path("guardrail_findings")));
    fact(
        h,
        "Tags",
        r.path("tags").isArray() && !r.path("tags").isEmpty() ? r.path("tags").toString() : "–");
    h.append("</dl></section>");
    JsonNode attempts = r.path("attempts");
    if (attempts.isArray() && !attempts.isEmpty()) {
      h.append(
          "<h2>Attempts</h2><div class=\"table\"><table id=\"attempts\"><thead><tr><th>#</th>");
      Iterator<String> names = attempts.get(0).fieldNames();
      java.util.List<String> columns = new java.util.ArrayList<>();
      names.forEachRemaining(columns::add);
      columns.forEach(c -> h.append("<th>").append(Html.esc(c)).append("</th>"));
      h.append("</tr></thead><tbody>");
      int n = 0;
      for (JsonNode a : attempts) {
        h.append("<tr><td>").append(++n).append("</td>");
        for (String c : columns) {
          JsonNode val = a.path(c);
          h.append("<td>")
              .append(Html.esc(val.isValueNode() ? val.asText() : val.toString()))
              .append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</tbody></table></div>");
    }
    return h.toString();
  }

  /**
   * {@code redact: EMAIL_ADDRESS ×2, PHONE_NUMBER ×1; injection flag (score 0.80)}: counts only.
   */
  static String findings(JsonNode f) {
    if (!f.isObject()) {
      return "–";
    }
    java.util.List<String> parts = new java.util.ArrayList<>(2);
    if (f.hasNonNull("action")) {
      java.util.List<String> types = new java.util.ArrayList<>();
      f.path("types")
          .fields()
          .forEachRemaining(e -> types.add(e.getKey() + " ×" + e.getValue().asLong()));
      parts.add(f.path("action").asText() + ": " + String.join(", ", types));
    }
    JsonNode i = f.path("injection");
    if (i.isObject()) {
      parts.add(
          "injection "
              + i.path("action").asText()
              + String.format(java.util.Locale.ROOT, " (score %.2f)", i.path("score").asDouble()));
    }
    return parts.isEmpty() ? "–" : String.join("; ", parts);
  }

  private static void fact(StringBuilder h, String label, String value) {
    h.append("<dt>").append(label).append("</dt><dd>").append(Html.esc(value)).append("</dd>");
  }

  private static String time(String iso) {
    return iso.length() >= 19 ? iso.substring(0, 19).replace('T', ' ') : iso;
  }
}
