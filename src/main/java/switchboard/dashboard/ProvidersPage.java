package switchboard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * Providers and their deployments: secrets masked, enable/disable, circuit state and measured
 * latency, and a form to add one ({@code /admin/v1/providers}).
 */
final class ProvidersPage {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> VENDORS =
      List.of(
          "openai",
          "anthropic",
          "google",
          "bedrock",
          "azure",
          "deepseek",
          "mistral",
          "groq",
          "together",
          "xai",
          "openrouter",
          "fireworks",
          "custom");

  void show(Visit v) {
    Future<String> content =
        v.admin()
            .get(v.ctx(), "/providers")
            .map(
                r -> {
                  if (!r.ok()) {
                    return Layout.message(true, r.error());
                  }
                  StringBuilder html = new StringBuilder();
                  if (r.body().path("data").isEmpty()) {
                    html.append(
                        Layout.empty(
                            "No providers configured: the built-in simulators serve sim/* models.",
                            "Add one below with its API key, or set e.g. <code>OPENAI_API_KEY</code>"
                                + " in the gateway's environment."));
                  }
                  for (JsonNode p : r.body().path("data")) {
                    html.append(provider(v, p));
                  }
                  html.append(addForm(v));
                  return html.toString();
                });
    v.render("Providers", "/providers", content);
  }

  private static String provider(Visit v, JsonNode p) {
    String id = p.path("id").asText();
    boolean enabled = p.path("enabled").asBoolean(true);
    StringBuilder h = new StringBuilder();
    h.append("<section class=\"card\" data-provider=\"")
        .append(Html.esc(id))
        .append("\"><h2>")
        .append(Html.esc(id))
        .append("</h2> <span class=\"badge ")
        .append(enabled ? "ok\">enabled" : "bad\">disabled")
        .append("</span> <span class=\"badge\">")
        .append(Html.esc(p.path("vendor").asText()))
        .append("</span> <span class=\"hint\">from ")
        .append(Html.esc(p.path("source").asText()))
        .append("</span><dl class=\"facts\">");
    fact(h, "Base URL", p.path("base_url").asText(null));
    fact(h, "API key", p.path("api_key").asText(p.path("secret_access_key").asText(null)));
    fact(h, "Region", p.path("region").asText(null));
    h.append("</dl><form method=\"post\" action=\"/providers/")
        .append(Html.esc(Forms.urlEncode(id)))
        .append("/toggle\"")
        .append(
            enabled
                ? " data-confirm=\"Disable "
                    + Html.esc(id)
                    + "? Requests to it fail until it is enabled again.\""
                : "")
        .append('>')
        .append(Layout.csrf(v.session()))
        .append("<input type=\"hidden\" name=\"enable\" value=\"")
        .append(enabled ? "0" : "1")
        .append("\"><button type=\"submit\" class=\"secondary\">")
        .append(enabled ? "Disable" : "Enable")
        .append("</button></form>");
    JsonNode deployments = p.path("deployments");
    if (deployments.isEmpty()) {
      h.append(
          "<p class=\"hint\">No deployments seen yet: its models appear after their first request.</p>");
    } else {
      h.append("<div class=\"table\"><table><thead><tr><th>Deployment</th><th>Circuit</th>")
          .append("<th class=\"num\">Time to first token</th><th class=\"num\">p95</th>")
          .append(
              "<th class=\"num\">ms / token</th><th class=\"num\">Recent</th></tr></thead><tbody>");
      for (JsonNode d : deployments) {
        String breaker = d.path("breaker").asText("closed");
        JsonNode lat = d.path("latency");
        h.append("<tr><td>")
            .append(Html.esc(d.path("deployment").asText()))
            .append("</td><td><span class=\"badge ")
            .append(breaker.equals("closed") ? "ok" : breaker.equals("open") ? "bad" : "warn")
            .append("\">")
            .append(Html.esc(breaker))
            .append("</span>")
            .append(
                d.path("skip_reason").isTextual()
                    ? " <span class=\"hint\">"
                        + Html.esc(d.path("skip_reason").asText())
                        + "</span>"
                    : "")
            .append("</td><td class=\"num\">")
            .append(ms(lat.path("ttft_ewma_ms")))
            .append("</td><td class=\"num\">")
            .append(ms(lat.path("ttft_p95_ms")))
            .append("</td><td class=\"num\">")
            .append(
                lat.path("ms_per_token_ewma").isNumber()
                    ? Html.esc(lat.path("ms_per_token_ewma").asText())
                    : "–")
            .append("</td><td class=\"num\">")
            .append(d.path("window_failures").asLong())
            .append(" failed of ")
            .append(d.path("window_requests").asLong())
            .append("</td></tr>");
      }
      h.append("</tbody></table></div>");
    }
    return h.append("</section>").toString();
  }

  private static String ms(JsonNode n) {
    return n.isNumber() ? Html.millis(n.asDouble()) : "–";
  }

  private static void fact(StringBuilder h, String label, String value) {
    if (value != null && !value.isEmpty()) {
      h.append("<dt>")
          .append(label)
          .append("</dt><dd><code>")
          .append(Html.esc(value))
          .append("</code></dd>");
    }
  }

  private static String addForm(Visit v) {
    StringBuilder f = new StringBuilder();
    f.append(
            "<details class=\"card\" id=\"add-provider\"><summary><h2>Add a provider</h2></summary>")
        .append("<form method=\"post\" action=\"/providers\" class=\"grid\" data-busy>")
        .append(Layout.csrf(v.session()))
        .append(
            "<label for=\"p-id\">Id (used in model names)<input id=\"p-id\" name=\"id\" required placeholder=\"openai\"></label>")
        .append("<label for=\"p-vendor\">Vendor<select id=\"p-vendor\" name=\"vendor\">");
    for (String vendor : VENDORS) {
      f.append("<option>").append(vendor).append("</option>");
    }
    f.append("</select></label>")
        .append(
            "<label for=\"p-key\">API key<input id=\"p-key\" name=\"api_key\" type=\"password\" autocomplete=\"off\"></label>")
        .append(
            "<label for=\"p-url\">Base URL (optional)<input id=\"p-url\" name=\"base_url\" placeholder=\"http://127.0.0.1:8000/v1\"></label>")
        .append(
            "<label for=\"p-models\">Models (comma-separated, optional)<input id=\"p-models\" name=\"models\"></label>")
        .append(
            "<label for=\"p-region\">Region (optional)<input id=\"p-region\" name=\"region\" placeholder=\"eu\"></label>")
        .append("<div class=\"full\"><button type=\"submit\">Add provider</button>")
        .append(
            " <span class=\"hint\">The key is stored encrypted and shown masked from now on.</span></div>")
        .append("</form></details>");
    return f.toString();
  }

  void save(Visit v) {
    String id = v.form("id");
    if (id == null) {
      v.flash(true, "The provider needs an id.");
      v.redirect("/providers");
      return;
    }
    ObjectNode body = NODES.objectNode().put("id", id).put("vendor", v.form("vendor"));
    if (v.form("api_key") != null) {
      body.put(
          "bedrock".equals(v.form("vendor")) ? "secret_access_key" : "api_key", v.form("api_key"));
    }
    if (v.form("base_url") != null) {
      body.put("base_url", v.form("base_url"));
    }
    List<String> models = Forms.list(v.form("models"));
    if (!models.isEmpty()) {
      models.forEach(body.putArray("models")::add);
    }
    if (v.form("region") != null) {
      body.put("region", v.form("region"));
    }
    v.afterAction(
        v.admin().send(v.ctx(), HttpMethod.POST, "/providers", body),
        "Provider " + id + " added: its models can be used now.",
        "/providers");
  }

  void toggle(Visit v) {
    String id = v.ctx().pathParam("id");
    boolean enable = "1".equals(v.form("enable"));
    v.afterAction(
        v.admin()
            .send(
                v.ctx(),
                HttpMethod.POST,
                "/providers/" + Forms.urlEncode(id) + (enable ? "/enable" : "/disable"),
                null),
        "Provider " + id + (enable ? " enabled." : " disabled."),
        "/providers");
  }
}
