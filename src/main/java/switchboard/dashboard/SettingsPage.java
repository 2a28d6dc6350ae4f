package switchboard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * Settings: defaults for auto_cache and the response cache, the guardrail modes, webhooks, price
 * overrides ({@code /admin/v1/settings}), and the whole configuration as YAML ({@code
 * /admin/v1/config}).
 */
final class SettingsPage {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  void show(Visit v) {
    Future<String> content =
        v.admin()
            .get(v.ctx(), "/settings")
            .map(
                r -> {
                  if (!r.ok()) {
                    return Layout.message(
                            true,
                            r.status() == 404
                                ? "Settings are not available on this gateway version (no"
                                    + " /admin/v1/settings)."
                                : r.error())
                        + yaml(v);
                  }
                  return defaults(v, r.body())
                      + guardrails(v, r.body())
                      + webhooks(v, r.body())
                      + prices(v, r.body())
                      + yaml(v);
                });
    v.render("Settings", "/settings", content);
  }

  private static String defaults(Visit v, JsonNode s) {
    JsonNode cache = s.path("cache");
    return "<section class=\"card\" id=\"defaults\"><h2>Defaults for every request</h2>"
        + "<form method=\"post\" action=\"/settings\" class=\"grid\" data-busy>"
        + Layout.csrf(v.session())
        + "<input type=\"hidden\" name=\"part\" value=\"defaults\">"
        + "<label class=\"inline\"><input type=\"checkbox\" name=\"auto_cache\" value=\"1\""
        + (s.path("auto_cache").asBoolean() ? " checked" : "")
        + "> auto_cache: mark long stable prefixes for the providers' prompt caches</label>"
        + "<label class=\"inline\"><input type=\"checkbox\" name=\"cache_enabled\" value=\"1\""
        + (cache.path("enabled").asBoolean() ? " checked" : "")
        + "> Response cache: answer repeated requests from the cache</label>"
        + "<label for=\"ttl\">Response cache TTL (seconds)<input id=\"ttl\" name=\"ttl_seconds\""
        + " type=\"number\" min=\"1\" value=\""
        + Html.esc(cache.path("ttl_seconds").asText(""))
        + "\"></label>"
        + "<div class=\"full\"><button type=\"submit\" id=\"save-defaults\">Save defaults</button>"
        + " <span class=\"hint\">A request or key may tighten these, never loosen them.</span></div>"
        + "</form></section>";
  }

  /** The global guardrail modes, a form of their own (PATCH of {@code guardrails} only). */
  private static String guardrails(Visit v, JsonNode s) {
    JsonNode g = s.path("guardrails");
    return "<section class=\"card\" id=\"guardrails\"><h2>Guardrails</h2>"
        + "<form method=\"post\" action=\"/settings\" class=\"grid\" data-busy>"
        + Layout.csrf(v.session())
        + "<input type=\"hidden\" name=\"part\" value=\"guardrails\">"
        + select(
            "pii",
            "PII: redact (restored in the answer), mask, or block",
            List.of("off", "redact", "mask", "block"),
            g.path("pii").asText("off"))
        + select(
            "injection",
            "Prompt injection: flag or block",
            List.of("off", "flag", "block"),
            g.path("injection").asText("off"))
        + "<label for=\"threshold\">Injection threshold (0–1)<input id=\"threshold\""
        + " name=\"injection_threshold\" type=\"number\" min=\"0\" max=\"1\" step=\"any\" value=\""
        + Html.esc(
            g.path("injection_threshold").isNumber() ? g.path("injection_threshold").asText() : "")
        + "\"></label>"
        + judge(g.path("injection_judge"))
        + "<div class=\"full\"><button type=\"submit\" id=\"save-guardrails\">Save"
        + " guardrails</button> <span class=\"hint\">The modes for every request; a key, policy"
        + " or request may tighten them, never loosen them. What they did shows on the"
        + " overview and in each request.</span></div></form></section>";
  }

  /**
   * The LLM judge's fields (docs/guardrails.md#the-llm-judge). Only loose bounds in the browser:
   * the admin API checks the whole (low below high, the model's shape) and its 400 is shown.
   */
  private static String judge(JsonNode j) {
    boolean on = j.isObject();
    return "<fieldset class=\"full grid\" id=\"judge\"><legend>LLM judge for borderline injection"
        + " scores</legend>"
        + "<label for=\"judge-model\">Judge model (provider/model; empty: judge off)<input"
        + " id=\"judge-model\" name=\"judge_model\" placeholder=\"openai/gpt-4o-mini\" value=\""
        + Html.esc(on ? j.path("model").asText("") : "")
        + "\"></label>"
        + number("judge-low", "judge_low", "Ask from score (low, default 0.25)", on, j.path("low"))
        + number(
            "judge-high",
            "judge_high",
            "Ask below score (high; empty: the threshold)",
            on,
            j.path("high"))
        + "<label for=\"judge-timeout\">Judge timeout (ms, default 2000)<input id=\"judge-timeout\""
        + " name=\"judge_timeout_ms\" type=\"number\" min=\"1\" max=\"60000\" step=\"1\" value=\""
        + Html.esc(on && j.path("timeout_ms").isNumber() ? j.path("timeout_ms").asText() : "")
        + "\"></label><p class=\"hint full\">A prompt whose injection score falls in [low, high)"
        + " is put to this model through the gateway, billed to the master key; see"
        + " docs/guardrails.md.</p></fieldset>";
  }

  private static String number(String id, String name, String label, boolean on, JsonNode value) {
    return "<label for=\""
        + id
        + "\">"
        + Html.esc(label)
        + "<input id=\""
        + id
        + "\" name=\""
        + name
        + "\" type=\"number\" min=\"0\" max=\"1\" step=\"any\" value=\""
        + Html.esc(on && value.isNumber() ? value.asText() : "")
        + "\"></label>";
  }

  private static String select(String name, String label, List<String> options, String current) {
    StringBuilder s =
        new StringBuilder("<label for=\"")
            .append(name)
            .append("\">")
            .append(label)
            .append("<select id=\"")
            .append(name)
            .append("\" name=\"")
            .append(name)
            .append("\">");
    for (String o : options) {
      s.append("<option")
          .append(o.equals(current) ? " selected" : "")
          .append('>')
          .append(o)
          .append("</option>");
    }
    return s.append("</select></label>").toString();
  }

  private static String webhooks(Visit v, JsonNode s) {
    StringBuilder h =
        new StringBuilder("<section class=\"card\" id=\"webhooks\"><h2>Webhooks</h2>");
    if (s.path("webhooks").isEmpty()) {
      h.append(
          "<p class=\"hint\">No webhooks: budget alerts are logged and kept as notifications only.</p>");
    } else {
      h.append("<ul>");
      for (JsonNode w : s.path("webhooks")) {
        h.append("<li><code>")
            .append(Html.esc(w.path("url").asText()))
            .append("</code> <span class=\"hint\">")
            .append(Html.esc(w.path("events").toString()))
            .append(", secret ")
            .append(Html.esc(w.path("secret").asText("none")))
            .append("</span></li>");
      }
      h.append("</ul>");
    }
    return h.append("<form method=\"post\" action=\"/settings\" class=\"row\" data-busy>")
        .append(Layout.csrf(v.session()))
        .append("<input type=\"hidden\" name=\"part\" value=\"webhook\">")
        .append(
            "<label for=\"hook-url\">URL<input id=\"hook-url\" name=\"url\" type=\"url\" required placeholder=\"https://example.com/hooks/switchboard\"></label>")
        .append(
            "<label for=\"hook-secret\">Signing secret<input id=\"hook-secret\" name=\"secret\" type=\"password\" autocomplete=\"off\"></label>")
        .append("<button type=\"submit\">Add webhook</button></form></section>")
        .toString();
  }

  private static String prices(Visit v, JsonNode s) {
    StringBuilder h =
        new StringBuilder("<section class=\"card\" id=\"prices\"><h2>Price overrides</h2>");
    if (s.path("price_overrides").isEmpty()) {
      h.append("<p class=\"hint\">None: costs use the built-in catalog's prices.</p>");
    } else {
      h.append("<div class=\"table\"><table><thead><tr><th>Model</th><th class=\"num\">Input</th>")
          .append(
              "<th class=\"num\">Output</th><th class=\"num\">Cached input</th></tr></thead><tbody>");
      for (JsonNode p : s.path("price_overrides")) {
        h.append("<tr><td>").append(Html.esc(p.path("id").asText())).append("</td>");
        for (String f : List.of("input", "output", "cached_input")) {
          h.append("<td class=\"num\">")
              .append(p.path(f).isNumber() ? "$" + Html.esc(p.path(f).asText()) : "–")
              .append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</tbody></table></div>");
    }
    return h.append("<form method=\"post\" action=\"/settings\" class=\"row\" data-busy>")
        .append(Layout.csrf(v.session()))
        .append("<input type=\"hidden\" name=\"part\" value=\"price\">")
        .append(
            "<label for=\"price-id\">Model (provider/model)<input id=\"price-id\" name=\"id\" required></label>")
        .append(
            "<label for=\"price-in\">Input, USD per 1M tokens<input id=\"price-in\" name=\"input\" type=\"number\" min=\"0\" step=\"any\"></label>")
        .append(
            "<label for=\"price-out\">Output, USD per 1M tokens<input id=\"price-out\" name=\"output\" type=\"number\" min=\"0\" step=\"any\"></label>")
        .append("<button type=\"submit\">Add price</button></form></section>")
        .toString();
  }

  private static String yaml(Visit v) {
    return "<section class=\"card\" id=\"config\"><h2>The whole configuration as YAML</h2>"
        + "<p>Providers, policies, keys (without their secrets), guardrails and settings, in the"
        + " <code>switchboard.yaml</code> format. <a class=\"button secondary\""
        + " href=\"/settings/config.yaml\" download>Export YAML</a></p>"
        + "<form method=\"post\" action=\"/settings/config\" data-busy data-confirm=\"Replace the"
        + " whole configuration with this document?\">"
        + Layout.csrf(v.session())
        + "<label for=\"yaml\">Import: paste a document; it is checked as a whole and applied at once,"
        + " or refused with nothing changed.<textarea id=\"yaml\" name=\"yaml\" required"
        + " spellcheck=\"false\"></textarea></label><button type=\"submit\">Import</button></form>"
        + "</section>";
  }

  void export(Visit v) {
    v.admin()
        .send(v.ctx(), HttpMethod.GET, "/config", null, "application/yaml")
        .onComplete(
            r -> {
              if (r.succeeded() && r.result().ok()) {
                v.ctx()
                    .response()
                    .putHeader("content-type", "application/yaml; charset=utf-8")
                    .putHeader("content-disposition", "attachment; filename=\"switchboard.yaml\"")
                    .putHeader("cache-control", "no-store")
                    .end(r.result().text());
              } else {
                v.flash(true, r.succeeded() ? r.result().error() : "The admin API did not answer.");
                v.redirect("/settings");
              }
            });
  }

  void save(Visit v) {
    String part = v.form("part");
    if ("defaults".equals(part)) {
      ObjectNode body = NODES.objectNode();
      body.put("auto_cache", v.form("auto_cache") != null);
      ObjectNode cache = body.putObject("cache").put("enabled", v.form("cache_enabled") != null);
      try {
        Long ttl = Forms.whole("The TTL", v.form("ttl_seconds"));
        if (ttl != null) {
          cache.put("ttl_seconds", ttl);
        }
      } catch (Forms.Invalid e) {
        v.flash(true, e.getMessage());
        v.redirect("/settings");
        return;
      }
      v.afterAction(
          v.admin().send(v.ctx(), HttpMethod.PATCH, "/settings", body),
          "Defaults saved: they apply to the next request.",
          "/settings");
      return;
    }
    if ("guardrails".equals(part)) {
      ObjectNode body = NODES.objectNode();
      ObjectNode g =
          body.putObject("guardrails")
              .put("pii", v.form("pii"))
              .put("injection", v.form("injection"));
      try {
        Double threshold = Forms.decimal("The threshold", v.form("injection_threshold"));
        if (threshold != null) {
          g.put("injection_threshold", threshold);
        }
        judge(v, g);
      } catch (Forms.Invalid e) {
        v.flash(true, e.getMessage());
        v.redirect("/settings");
        return;
      }
      v.afterAction(
          v.admin().send(v.ctx(), HttpMethod.PATCH, "/settings", body),
          "Guardrails saved: PII "
              + v.form("pii")
              + ", injection "
              + v.form("injection")
              + (v.form("judge_model") == null ? "" : ", judge " + v.form("judge_model"))
              + ", from the next request.",
          "/settings");
      return;
    }
    // A webhook or a price is added to the list in force (masked secrets are kept by the API).
    v.admin()
        .get(v.ctx(), "/settings")
        .onComplete(
            current -> {
              if (current.failed() || !current.result().ok()) {
                v.flash(
                    true,
                    current.failed() ? "The admin API did not answer." : current.result().error());
                v.redirect("/settings");
                return;
              }
              ObjectNode body = NODES.objectNode();
              try {
                if ("webhook".equals(part)) {
                  ArrayNode hooks = body.putArray("webhooks");
                  current.result().body().path("webhooks").forEach(hooks::add);
                  ObjectNode hook = hooks.addObject().put("url", v.form("url"));
                  if (v.form("secret") != null) {
                    hook.put("secret", v.form("secret"));
                  }
                } else {
                  ArrayNode prices = body.putArray("price_overrides");
                  current.result().body().path("price_overrides").forEach(prices::add);
                  ObjectNode price = prices.addObject().put("id", v.form("id"));
                  Double in = Forms.decimal("The input price", v.form("input"));
                  Double out = Forms.decimal("The output price", v.form("output"));
                  if (in != null) {
                    price.put("input", in);
                  }
                  if (out != null) {
                    price.put("output", out);
                  }
                }
              } catch (Forms.Invalid e) {
                v.flash(true, e.getMessage());
                v.redirect("/settings");
                return;
              }
              v.afterAction(
                  v.admin().send(v.ctx(), HttpMethod.PATCH, "/settings", body),
                  "Settings saved.",
                  "/settings");
            });
  }

  /** The judge from the form: an empty model turns it off; blank numbers take the defaults. */
  private static void judge(Visit v, ObjectNode g) {
    String model = v.form("judge_model");
    if (model == null) {
      g.putNull("injection_judge");
      return;
    }
    ObjectNode j = g.putObject("injection_judge").put("model", model);
    Double low = Forms.decimal("The judge's low score", v.form("judge_low"));
    Double high = Forms.decimal("The judge's high score", v.form("judge_high"));
    Long timeout = Forms.whole("The judge's timeout", v.form("judge_timeout_ms"));
    if (low != null) {
      j.put("low", low);
    }
    if (high != null) {
      j.put("high", high);
    }
    if (timeout != null) {
      j.put("timeout_ms", timeout);
    }
  }

  void importYaml(Visit v) {
    String yaml = v.ctx().request().getFormAttribute("yaml");
    if (yaml == null || yaml.isBlank()) {
      v.flash(true, "Paste a YAML document to import.");
      v.redirect("/settings");
      return;
    }
    v.afterAction(
        v.admin().send(v.ctx(), HttpMethod.PUT, "/config", Buffer.buffer(yaml), "application/yaml"),
        "Configuration imported and in force.",
        "/settings");
  }
}
