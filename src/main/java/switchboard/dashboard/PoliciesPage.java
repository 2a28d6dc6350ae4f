package switchboard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Routing policies by form: fallback chains, weighted pools and latency policies over the models
 * actually available, bound to keys, with the dry run on the page ({@code /admin/v1/policies}).
 */
final class PoliciesPage {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> KINDS = List.of("fallback", "loadbalance", "latency");

  void show(Visit v) {
    Future<AdminClient.Reply> policies = v.admin().get(v.ctx(), "/policies");
    Future<AdminClient.Reply> keys = v.admin().get(v.ctx(), "/keys");
    Future<List<String>> models = v.admin().models(v.ctx());
    String tryModel = v.query("try");
    Future<AdminClient.Reply> dry =
        tryModel == null
            ? Future.succeededFuture()
            : v.admin()
                .send(
                    v.ctx(),
                    HttpMethod.POST,
                    "/policies/dry-run",
                    NODES
                        .objectNode()
                        .put("model", tryModel)
                        .put("key", v.query("key") == null ? "master" : v.query("key")));
    Future<String> content =
        Future.all(policies, keys, models, dry)
            .map(
                all -> {
                  if (!policies.result().ok()) {
                    return Layout.message(true, policies.result().error());
                  }
                  List<JsonNode> list = new ArrayList<>();
                  policies.result().body().path("data").forEach(list::add);
                  JsonNode editing = null;
                  String edit = v.query("edit");
                  for (JsonNode p : list) {
                    if (p.path("name").asText().equals(edit)) {
                      editing = p;
                    }
                  }
                  List<JsonNode> keyList = new ArrayList<>();
                  keys.result().body().path("data").forEach(keyList::add);
                  return render(v, list, editing, keyList, models.result(), tryModel, dry.result());
                });
    v.render("Policies", "/policies", content);
  }

  private static String render(
      Visit v,
      List<JsonNode> policies,
      JsonNode editing,
      List<JsonNode> keys,
      List<String> models,
      String tryModel,
      AdminClient.Reply dry) {
    List<String> choices = new ArrayList<>(models);
    for (JsonNode p : policies) {
      choices.add("policy/" + p.path("name").asText());
    }
    StringBuilder html = new StringBuilder();
    html.append(list(v, policies));
    html.append(form(v, editing, keys, choices));
    html.append(dryRun(tryModel, dry, keys, choices));
    return html.toString();
  }

  private static String list(Visit v, List<JsonNode> policies) {
    if (policies.isEmpty()) {
      return Layout.empty(
          "No routing policies yet.",
          "Create a fallback chain below: requests to <code>policy/&lt;name&gt;</code> (or to"
              + " its first model, from the keys it is attached to) then fail over without a"
              + " code change.");
    }
    StringBuilder t =
        new StringBuilder(
            "<div class=\"table\"><table id=\"policies\"><thead><tr><th>Name</th><th>Kind</th>"
                + "<th>Targets, in order</th><th>Attached to keys</th><th>Actions</th></tr>"
                + "</thead><tbody>");
    for (JsonNode p : policies) {
      String name = p.path("name").asText();
      boolean config = "config".equals(p.path("source").asText());
      t.append("<tr data-policy=\"")
          .append(Html.esc(name))
          .append("\"><td><code>policy/")
          .append(Html.esc(name))
          .append("</code>")
          .append(config ? " <span class=\"badge\">config file</span>" : "")
          .append("</td><td>")
          .append(Html.esc(p.path("kind").asText()))
          .append("</td><td><ol class=\"chips\">");
      for (JsonNode target : p.path("targets")) {
        t.append("<li>").append(Html.esc(targetModel(target)));
        if (target.path("weight").isNumber()) {
          t.append(" <span class=\"hint\">×")
              .append(Html.esc(target.path("weight").asText()))
              .append("</span>");
        }
        t.append("</li>");
      }
      t.append("</ol></td><td>")
          .append(Html.esc(joined(p.path("keys"))))
          .append("</td><td class=\"actions\">");
      t.append("<a class=\"button secondary\" href=\"/policies?try=policy/")
          .append(Html.esc(Forms.urlEncode(name)))
          .append("#dry-run\">Dry run</a>");
      if (!config) {
        t.append("<a class=\"button secondary\" href=\"/policies?edit=")
            .append(Html.esc(Forms.urlEncode(name)))
            .append("#policy-form\">Edit</a>")
            .append("<form method=\"post\" action=\"/policies/")
            .append(Html.esc(Forms.urlEncode(name)))
            .append("/delete\" data-confirm=\"Delete policy ")
            .append(Html.esc(name))
            .append("?\">")
            .append(Layout.csrf(v.session()))
            .append("<button type=\"submit\" class=\"secondary\">Delete</button></form>");
      }
      t.append("</td></tr>");
    }
    return t.append("</tbody></table></div>").toString();
  }

  private static String form(Visit v, JsonNode editing, List<JsonNode> keys, List<String> choices) {
    String kind = editing == null ? "fallback" : editing.path("kind").asText("fallback");
    StringBuilder f = new StringBuilder();
    f.append("<section class=\"card\" id=\"policy-form\"><h2>")
        .append(
            editing == null
                ? "Create a policy"
                : "Edit policy/" + Html.esc(editing.path("name").asText()))
        .append("</h2><form method=\"post\" action=\"/policies\" data-busy>")
        .append(Layout.csrf(v.session()));
    if (editing == null) {
      f.append("<label for=\"policy-name\">Name<input id=\"policy-name\" name=\"name\" required")
          .append(" pattern=\"[A-Za-z0-9._-]+\" placeholder=\"resilient\"></label>");
    } else {
      f.append("<input type=\"hidden\" name=\"name\" value=\"")
          .append(Html.esc(editing.path("name").asText()))
          .append("\"><input type=\"hidden\" name=\"replace\" value=\"1\">");
    }
    f.append("<fieldset><legend>Kind</legend>");
    for (String k : KINDS) {
      f.append("<label class=\"inline\"><input type=\"radio\" name=\"kind\" value=\"")
          .append(k)
          .append("\"")
          .append(k.equals(kind) ? " checked" : "")
          .append("> ")
          .append(
              switch (k) {
                case "fallback" -> "Fallback chain: in order, the next when one fails";
                case "loadbalance" -> "Weighted: spread by weight, the others as fallbacks";
                default -> "Latency: the fastest measured first";
              })
          .append("</label>");
    }
    f.append(
        "</fieldset><fieldset><legend>Models, in order</legend><ol class=\"targets\" id=\"targets\">");
    List<JsonNode> targets = new ArrayList<>();
    if (editing != null) {
      editing.path("targets").forEach(targets::add);
    }
    int rows = Math.max(3, targets.size() + 1);
    for (int i = 0; i < rows; i++) {
      f.append(targetRow(i < targets.size() ? targets.get(i) : null, choices));
    }
    f.append("</ol><template id=\"target-row\">")
        .append(targetRow(null, choices))
        .append(
            "</template><button type=\"button\" class=\"secondary\" data-add-target>Add a model</button>")
        .append(
            "<p class=\"hint\">Weights count for weighted policies only; retries are extra tries on")
        .append(" the same model before moving on.</p></fieldset>");
    f.append("<fieldset><legend>Attach to keys</legend><p class=\"hint\">Requests from these keys")
        .append(" that name the first model go through this policy.</p>");
    List<String> attached = new ArrayList<>();
    if (editing != null) {
      editing.path("keys").forEach(k -> attached.add(k.asText()));
    }
    f.append(keyBox("master", "master key", attached));
    for (JsonNode k : keys) {
      if ("active".equals(k.path("status").asText())) {
        f.append(keyBox(k.path("id").asText(), k.path("name").asText(), attached));
      }
    }
    f.append(
        "</fieldset><label for=\"sticky\">Sticky (weighted only)<select id=\"sticky\" name=\"sticky\">");
    String sticky = editing == null ? "none" : editing.path("sticky").asText("none");
    for (String s : List.of("none", "user", "trace")) {
      f.append("<option")
          .append(s.equals(sticky) ? " selected" : "")
          .append('>')
          .append(s)
          .append("</option>");
    }
    f.append("</select></label><label for=\"description\">Description<input id=\"description\"")
        .append(" name=\"description\" value=\"")
        .append(Html.esc(editing == null ? "" : editing.path("description").asText("")))
        .append("\"></label><button type=\"submit\" id=\"save-policy\">")
        .append(editing == null ? "Create policy" : "Save policy")
        .append("</button>")
        .append(editing == null ? "" : " <a href=\"/policies\">Cancel</a>")
        .append("</form></section>");
    return f.toString();
  }

  private static String targetRow(JsonNode target, List<String> choices) {
    String model = target == null ? "" : targetModel(target);
    StringBuilder r =
        new StringBuilder(
            "<li class=\"target\"><select name=\"target_model\" aria-label=\"Model\">");
    r.append("<option value=\"\">— choose a model —</option>");
    boolean found = model.isEmpty();
    for (String c : choices) {
      r.append("<option")
          .append(c.equals(model) ? " selected" : "")
          .append('>')
          .append(Html.esc(c))
          .append("</option>");
      found |= c.equals(model);
    }
    if (!found) {
      r.append("<option selected>").append(Html.esc(model)).append("</option>");
    }
    r.append("</select><input name=\"target_weight\" type=\"number\" min=\"0\" step=\"any\"")
        .append(" aria-label=\"Weight\" placeholder=\"weight\" value=\"")
        .append(
            target != null && target.path("weight").isNumber()
                ? Html.esc(target.path("weight").asText())
                : "")
        .append("\"><input name=\"target_retries\" type=\"number\" min=\"0\" max=\"10\"")
        .append(" aria-label=\"Retries\" placeholder=\"retries\" value=\"")
        .append(
            target != null && target.path("retries").isNumber()
                ? Html.esc(target.path("retries").asText())
                : "")
        .append(
            "\"><span class=\"move\"><button type=\"button\" data-move=\"-1\" aria-label=\"Move up\">↑</button>")
        .append("<button type=\"button\" data-move=\"1\" aria-label=\"Move down\">↓</button>")
        .append("<button type=\"button\" data-remove aria-label=\"Remove\">✕</button></span></li>");
    return r.toString();
  }

  private static String keyBox(String id, String label, List<String> attached) {
    return "<label class=\"inline\"><input type=\"checkbox\" name=\"keys\" value=\""
        + Html.esc(id)
        + "\""
        + (attached.contains(id) ? " checked" : "")
        + "> "
        + Html.esc(label)
        + "</label>";
  }

  private static String dryRun(
      String tryModel, AdminClient.Reply dry, List<JsonNode> keys, List<String> choices) {
    StringBuilder d = new StringBuilder();
    d.append("<section class=\"card\" id=\"dry-run\"><h2>Dry run</h2><p class=\"hint\">Which")
        .append(" targets a request would try now, in order, and why. Nothing is sent.</p>")
        .append("<form method=\"get\" action=\"/policies#dry-run\" class=\"row\">")
        .append(
            "<label for=\"try\">Model or policy<input id=\"try\" name=\"try\" list=\"choices\" required value=\"")
        .append(Html.esc(tryModel))
        .append("\"></label><datalist id=\"choices\">");
    for (String c : choices) {
      d.append("<option value=\"").append(Html.esc(c)).append("\">");
    }
    d.append(
        "</datalist><label for=\"dry-key\">As key<select id=\"dry-key\" name=\"key\"><option value=\"master\">master key</option>");
    for (JsonNode k : keys) {
      if ("active".equals(k.path("status").asText())) {
        d.append("<option value=\"")
            .append(Html.esc(k.path("id").asText()))
            .append("\">")
            .append(Html.esc(k.path("name").asText()))
            .append("</option>");
      }
    }
    d.append("</select></label><button type=\"submit\" id=\"run-dry\">Run</button></form>");
    if (dry != null) {
      if (!dry.ok()) {
        d.append(Layout.message(true, dry.error()));
      } else {
        JsonNode b = dry.body();
        d.append("<p>")
            .append(Html.esc(b.path("model").asText()))
            .append(
                b.path("policy").isTextual()
                    ? " through <code>policy/" + Html.esc(b.path("policy").asText()) + "</code>"
                    : "")
            .append(
                ":</p><div class=\"table\"><table id=\"dry-result\"><thead><tr><th>#</th><th>Target</th>")
            .append("<th>Why here</th><th>Tried?</th><th>Breaker</th></tr></thead><tbody>");
        for (JsonNode t : b.path("targets")) {
          boolean yes = t.path("would_try").asBoolean();
          d.append("<tr><td>")
              .append(t.path("position").asInt())
              .append("</td><td>")
              .append(Html.esc(t.path("target").asText()))
              .append("</td><td>")
              .append(Html.esc(t.path("reason").asText()))
              .append("</td><td>")
              .append(yes ? "yes" : "skipped: " + Html.esc(t.path("skip_reason").asText()))
              .append("</td><td>")
              .append(Html.esc(t.path("breaker").asText()))
              .append("</td></tr>");
        }
        d.append("</tbody></table></div>");
        if (b.path("note").isTextual()) {
          d.append("<p class=\"hint\">").append(Html.esc(b.path("note").asText())).append("</p>");
        }
      }
    }
    return d.append("</section>").toString();
  }

  void save(Visit v) {
    String name = v.form("name");
    ObjectNode spec;
    try {
      spec = spec(v);
    } catch (Forms.Invalid e) {
      v.flash(true, e.getMessage());
      v.redirect("/policies");
      return;
    }
    if (name == null) {
      v.flash(true, "The policy needs a name.");
      v.redirect("/policies");
      return;
    }
    boolean replace = v.form("replace") != null;
    Future<AdminClient.Reply> call =
        replace
            ? v.admin().send(v.ctx(), HttpMethod.PUT, "/policies/" + Forms.urlEncode(name), spec)
            : v.admin()
                .send(v.ctx(), HttpMethod.POST, "/policies", spec.deepCopy().put("name", name));
    v.afterAction(call, "policy/" + name + " saved: it applies to the next request.", "/policies");
  }

  void delete(Visit v) {
    String name = v.ctx().pathParam("name");
    v.afterAction(
        v.admin().send(v.ctx(), HttpMethod.DELETE, "/policies/" + Forms.urlEncode(name), null),
        "policy/" + name + " deleted.",
        "/policies");
  }

  /** The form as a policy spec: model rows in order, blank rows left out. */
  private static ObjectNode spec(Visit v) {
    String kind = v.form("kind");
    if (kind == null || !KINDS.contains(kind)) {
      throw new Forms.Invalid("Choose the policy's kind.");
    }
    ObjectNode spec = NODES.objectNode().put("kind", kind);
    List<String> models = v.forms("target_model");
    List<String> weights = v.forms("target_weight");
    List<String> retries = v.forms("target_retries");
    ArrayNode targets = spec.putArray("targets");
    for (int i = 0; i < models.size(); i++) {
      String model = models.get(i).strip();
      if (model.isEmpty()) {
        continue;
      }
      Double weight = Forms.decimal("A weight", blank(weights, i));
      Long tries = Forms.whole("Retries", blank(retries, i));
      if (weight == null && tries == null) {
        targets.add(model);
      } else {
        ObjectNode t = targets.addObject().put("model", model);
        if (weight != null && "loadbalance".equals(kind)) {
          t.put("weight", weight);
        }
        if (tries != null) {
          t.put("retries", tries);
        }
      }
    }
    if (targets.isEmpty()) {
      throw new Forms.Invalid("Choose at least one model for the policy.");
    }
    ArrayNode keys = spec.putArray("keys");
    v.forms("keys").forEach(keys::add);
    if ("loadbalance".equals(kind)
        && v.form("sticky") != null
        && !"none".equals(v.form("sticky"))) {
      spec.put("sticky", v.form("sticky"));
    }
    if (v.form("description") != null) {
      spec.put("description", v.form("description"));
    }
    return spec;
  }

  private static String blank(List<String> values, int i) {
    if (i >= values.size() || values.get(i).isBlank()) {
      return null;
    }
    return values.get(i).strip();
  }

  private static String targetModel(JsonNode target) {
    return target.isTextual() ? target.asText() : target.path("model").asText();
  }

  private static String joined(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out.isEmpty() ? "–" : String.join(", ", out);
  }
}
