package switchboard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys: create (the secret shown once, with a copy button), allow-lists, rate limits, a budget bar
 * with its alert thresholds, rotate, revoke; all through {@code /admin/v1/keys}.
 */
final class KeysPage {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  void show(Visit v) {
    Future<AdminClient.Reply> keys = v.admin().get(v.ctx(), "/keys");
    Future<String> content =
        keys.compose(
            list -> {
              if (!list.ok()) {
                return Future.succeededFuture(Layout.message(true, list.error()));
              }
              List<JsonNode> all = new ArrayList<>();
              list.body().path("data").forEach(all::add);
              return budgets(v, all).map(budgets -> render(v, all, budgets));
            });
    v.render("Keys", "/keys", content);
  }

  /** Each active key's budget status, by key id (keys without a budget are left out). */
  private static Future<Map<String, JsonNode>> budgets(Visit v, List<JsonNode> keys) {
    Map<String, JsonNode> out = new HashMap<>();
    List<Future<?>> calls = new ArrayList<>();
    for (JsonNode k : keys) {
      if (k.path("budget").isObject() && "active".equals(k.path("status").asText())) {
        String id = k.path("id").asText();
        calls.add(
            v.admin()
                .get(v.ctx(), "/keys/" + Forms.urlEncode(id) + "/budget")
                .onSuccess(
                    r -> {
                      if (r.ok()) {
                        synchronized (out) {
                          out.put(id, r.body());
                        }
                      }
                    }));
      }
    }
    return Future.join(calls).otherwiseEmpty().map(x -> out);
  }

  private static String render(Visit v, List<JsonNode> keys, Map<String, JsonNode> budgets) {
    StringBuilder html = new StringBuilder();
    html.append(createForm(v));
    if (keys.isEmpty()) {
      html.append(
          Layout.empty(
              "No gateway keys yet.",
              "Apps can use the master key, but give each app its own key above: its own"
                  + " allow-list, budget and rate limit, and its spend kept apart."));
      return html.toString();
    }
    html.append(
        "<div class=\"table\"><table id=\"keys\"><thead><tr><th>Name</th><th>Key</th>"
            + "<th>Status</th><th>Allowed models</th><th>Rate limits</th><th>Budget</th>"
            + "<th>Actions</th></tr></thead><tbody>");
    for (JsonNode k : keys) {
      html.append(row(v, k, budgets.get(k.path("id").asText())));
    }
    html.append("</tbody></table></div>");
    return html.toString();
  }

  private static String row(Visit v, JsonNode k, JsonNode budget) {
    String id = k.path("id").asText();
    boolean active = "active".equals(k.path("status").asText());
    boolean config = "config".equals(k.path("source").asText());
    String path = "/keys/" + Html.esc(Forms.urlEncode(id));
    StringBuilder r = new StringBuilder();
    r.append("<tr data-key=\"").append(Html.esc(id)).append("\">");
    r.append("<td><strong>")
        .append(Html.esc(k.path("name").asText()))
        .append("</strong>")
        .append(
            k.path("owner").isTextual()
                ? "<br><span class=\"hint\">" + Html.esc(k.path("owner").asText()) + "</span>"
                : "")
        .append("</td>");
    r.append("<td><code>").append(Html.esc(k.path("prefix").asText())).append("…</code></td>");
    r.append("<td><span class=\"badge ")
        .append(active ? "ok" : "bad")
        .append("\">")
        .append(Html.esc(k.path("status").asText()))
        .append("</span>")
        .append(config ? " <span class=\"badge\">config file</span>" : "")
        .append("</td>");
    r.append("<td>").append(Html.esc(joined(k.path("models"), "all"))).append("</td>");
    r.append("<td>")
        .append(limit(k.path("rate_limits").path("rpm").asLong(), "req/min"))
        .append("<br>")
        .append(limit(k.path("rate_limits").path("tpm").asLong(), "tokens/min"))
        .append("</td>");
    r.append("<td>").append(budgetBar(k.path("budget"), budget)).append("</td>");
    r.append("<td class=\"actions\">");
    if (active && !config) {
      r.append("<details><summary>Edit</summary>")
          .append(fields(v, path + "/update", k, "Save"))
          .append("</details>");
      r.append(
          action(
              v,
              path + "/rotate",
              "Rotate",
              "Give this key a new secret? The old one stops working at once."));
      r.append(
          action(v, path + "/revoke", "Revoke", "Revoke this key? Apps using it get 401 at once."));
    }
    r.append("</td></tr>");
    return r.toString();
  }

  /** The budget as a bar of the period's spend, with a tick at each alert threshold. */
  static String budgetBar(JsonNode spec, JsonNode status) {
    if (!spec.isObject()) {
      return "<span class=\"hint\">none</span>";
    }
    double limit = spec.path("limit_usd").asDouble();
    double spent = status == null ? 0 : status.path("spent_usd").asDouble();
    double percent = limit == 0 ? 100 : Math.min(100, 100 * spent / limit);
    StringBuilder ticks = new StringBuilder();
    List<String> labels = new ArrayList<>();
    spec.path("alerts")
        .forEach(
            a -> {
              labels.add(a.asText() + " %");
              ticks.append("<i data-at=\"").append(Html.esc(a.asText())).append("\"></i>");
            });
    return "<div class=\"budget\"><div class=\"bar\"><meter min=\"0\" max=\"100\" low=\"75\""
        + " high=\"90\" optimum=\"0\" value=\""
        + String.format(java.util.Locale.ROOT, "%.1f", percent)
        + "\">"
        + String.format(java.util.Locale.ROOT, "%.0f %%", percent)
        + "</meter>"
        + ticks
        + "</div><span>"
        + Html.usd(spent)
        + " of "
        + Html.usd(limit)
        + " "
        + Html.esc(spec.path("period").asText("monthly"))
        + " ("
        + Html.esc(spec.path("mode").asText("hard"))
        + ")</span>"
        + (labels.isEmpty()
            ? ""
            : "<br><span class=\"hint\">alerts at "
                + Html.esc(String.join(", ", labels))
                + "</span>")
        + "</div>";
  }

  private static String action(Visit v, String path, String label, String confirm) {
    return "<form method=\"post\" action=\""
        + path
        + "\" data-confirm=\""
        + Html.esc(confirm)
        + "\">"
        + Layout.csrf(v.session())
        + "<button type=\"submit\" class=\"secondary\">"
        + label
        + "</button></form>";
  }

  private static String createForm(Visit v) {
    return "<details class=\"card\" id=\"create-key\" open><summary><h2>Create a key</h2></summary>"
        + fields(v, "/keys", null, "Create key")
        + "</details>";
  }

  /** The key's fields as a form: blank for a new key, filled for an edit. */
  private static String fields(Visit v, String action, JsonNode k, String submit) {
    JsonNode b = k == null ? NODES.missingNode() : k.path("budget");
    JsonNode rl = k == null ? NODES.missingNode() : k.path("rate_limits");
    String period = b.path("period").asText("monthly");
    String mode = b.path("mode").asText("hard");
    String p = k == null ? "new-" : "k" + Math.abs(k.path("id").asText().hashCode()) + "-";
    return "<form method=\"post\" action=\""
        + action
        + "\" class=\"grid\" data-busy>"
        + Layout.csrf(v.session())
        + input(
            p, "name", "Name", k == null ? null : k.path("name").asText(), "checkout-service", true)
        + input(p, "owner", "Owner or team", text(k, "owner"), "payments", false)
        + input(
            p,
            "models",
            "Allowed models (comma-separated; empty: all)",
            k == null ? null : joined(k.path("models"), ""),
            "sim/*, openai/gpt-4o-mini",
            false)
        + input(
            p,
            "policies",
            "Allowed policies (empty: all)",
            k == null ? null : joined(k.path("policies"), ""),
            "resilient",
            false)
        + input(
            p, "rpm", "Requests per minute (0: unlimited)", positive(rl.path("rpm")), "600", false)
        + input(
            p, "tpm", "Tokens per minute (0: unlimited)", positive(rl.path("tpm")), "200000", false)
        + input(
            p,
            "limit_usd",
            "Budget in USD (empty: none)",
            b.isObject() ? b.path("limit_usd").asText() : null,
            "25",
            false)
        + "<label>Budget period<select name=\"period\">"
        + option("daily", period)
        + option("weekly", period)
        + option("monthly", period)
        + "</select></label>"
        + "<label>When spent<select name=\"mode\">"
        + "<option value=\"hard\""
        + ("hard".equals(mode) ? " selected" : "")
        + ">refuse requests (hard)</option><option value=\"soft\""
        + ("soft".equals(mode) ? " selected" : "")
        + ">alert only (soft)</option></select></label>"
        + input(
            p,
            "alerts",
            "Alert at % of budget",
            b.path("alerts").isArray() ? joined(b.path("alerts"), "") : null,
            "50, 80, 100",
            false)
        + "<div class=\"full\"><button type=\"submit\">"
        + submit
        + "</button></div></form>";
  }

  private static String input(
      String prefix,
      String name,
      String label,
      String value,
      String placeholder,
      boolean required) {
    String id = prefix + name;
    return "<label for=\""
        + id
        + "\">"
        + Html.esc(label)
        + "<input id=\""
        + id
        + "\" name=\""
        + name
        + "\" value=\""
        + Html.esc(value)
        + "\" placeholder=\""
        + Html.esc(placeholder)
        + "\""
        + (required ? " required" : "")
        + "></label>";
  }

  private static String option(String value, String selected) {
    return "<option" + (value.equals(selected) ? " selected" : "") + ">" + value + "</option>";
  }

  private static String text(JsonNode k, String field) {
    return k == null || !k.path(field).isTextual() ? null : k.path(field).asText();
  }

  private static String positive(JsonNode n) {
    return n.asLong() > 0 ? n.asText() : null;
  }

  private static String limit(long value, String unit) {
    return value > 0
        ? Html.count(value) + " " + unit
        : "<span class=\"hint\">no " + unit + " limit</span>";
  }

  private static String joined(JsonNode array, String none) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out.isEmpty() ? none : String.join(", ", out);
  }

  void create(Visit v) {
    ObjectNode body;
    try {
      body = spec(v);
    } catch (Forms.Invalid e) {
      v.flash(true, e.getMessage());
      v.redirect("/keys");
      return;
    }
    v.admin()
        .send(v.ctx(), HttpMethod.POST, "/keys", body)
        .onComplete(
            r -> {
              if (r.succeeded() && r.result().ok()) {
                JsonNode key = r.result().body();
                v.session()
                    .flash(
                        new Session.Flash(
                            false,
                            "Key '" + key.path("name").asText() + "' created.",
                            key.path("secret").asText()));
              } else {
                v.flash(true, r.succeeded() ? r.result().error() : "The admin API did not answer.");
              }
              v.redirect("/keys");
            });
  }

  void update(Visit v) {
    ObjectNode body;
    try {
      body = spec(v);
    } catch (Forms.Invalid e) {
      v.flash(true, e.getMessage());
      v.redirect("/keys");
      return;
    }
    v.afterAction(
        v.admin()
            .send(
                v.ctx(),
                HttpMethod.PATCH,
                "/keys/" + Forms.urlEncode(v.ctx().pathParam("id")),
                body),
        "Key '" + body.path("name").asText() + "' saved.",
        "/keys");
  }

  void rotate(Visit v) {
    v.admin()
        .send(
            v.ctx(),
            HttpMethod.POST,
            "/keys/" + Forms.urlEncode(v.ctx().pathParam("id")) + "/rotate",
            null)
        .onComplete(
            r -> {
              if (r.succeeded() && r.result().ok()) {
                JsonNode key = r.result().body();
                v.session()
                    .flash(
                        new Session.Flash(
                            false,
                            "Key '"
                                + key.path("name").asText()
                                + "' has a new secret; the old one no longer works.",
                            key.path("secret").asText()));
              } else {
                v.flash(true, r.succeeded() ? r.result().error() : "The admin API did not answer.");
              }
              v.redirect("/keys");
            });
  }

  void revoke(Visit v) {
    v.afterAction(
        v.admin()
            .send(
                v.ctx(),
                HttpMethod.POST,
                "/keys/" + Forms.urlEncode(v.ctx().pathParam("id")) + "/revoke",
                null),
        "Key revoked: requests with it are refused from now on.",
        "/keys");
  }

  /** The form as the admin API's key fields. */
  private static ObjectNode spec(Visit v) {
    ObjectNode body = NODES.objectNode();
    body.put("name", v.form("name"));
    body.put("owner", v.form("owner"));
    Forms.list(v.form("models")).forEach(body.putArray("models")::add);
    Forms.list(v.form("policies")).forEach(body.putArray("policies")::add);
    ObjectNode limits = body.putObject("rate_limits");
    Long rpm = Forms.whole("Requests per minute", v.form("rpm"));
    Long tpm = Forms.whole("Tokens per minute", v.form("tpm"));
    limits.put("rpm", rpm == null ? 0 : rpm);
    limits.put("tpm", tpm == null ? 0 : tpm);
    Double usd = Forms.decimal("The budget", v.form("limit_usd"));
    if (usd == null) {
      body.putNull("budget");
    } else {
      ObjectNode budget = body.putObject("budget");
      budget.put("limit_usd", usd);
      budget.put("period", v.form("period") == null ? "monthly" : v.form("period"));
      budget.put("mode", "soft".equals(v.form("mode")) ? "soft" : "hard");
      List<String> alerts = Forms.list(v.form("alerts"));
      if (!alerts.isEmpty()) {
        var array = budget.putArray("alerts");
        for (String a : alerts) {
          Long pct = Forms.whole("Each alert threshold", a.replace("%", "").strip());
          array.add(pct);
        }
      }
    }
    return body;
  }
}
