package switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import switchboard.guard.InjectionSettings;
import switchboard.guard.injection.InjectionDetector;
import switchboard.pipeline.GatewayException;

/**
 * The settings document ({@code settings:} in the file, {@code /admin/v1/settings}): read and
 * checked as a whole, written back complete with every default filled in, so a document read and
 * written again is the same document. Errors name the field ({@code cache.ttl_seconds}).
 */
final class SettingsJson {

  /** A settings document, checked, in its complete form (secrets in clear), and what it means. */
  record Parsed(
      ObjectNode json, Defaults defaults, List<Defaults.Webhook> webhooks, List<JsonNode> prices) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> FIELDS =
      Set.of("auto_cache", "cache", "guardrails", "webhooks", "price_overrides");
  private static final Set<String> PRICE_FIELDS =
      Set.of("id", "input", "output", "cached_input", "cache_write");

  private SettingsJson() {}

  static Parsed read(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      node = NODES.objectNode();
    }
    object(node, "settings", FIELDS);
    boolean autoCache = bool(node, "auto_cache", false, "auto_cache");
    JsonNode c = node.path("cache");
    object(c, "cache", Set.of("enabled", "ttl_seconds"));
    boolean cacheOn = bool(c, "enabled", false, "cache.enabled");
    long ttl = 300;
    if (c.hasNonNull("ttl_seconds")) {
      JsonNode t = c.get("ttl_seconds");
      if (!t.canConvertToExactIntegral() || t.asLong() < 1 || t.asLong() > 31_536_000) {
        throw bad("cache.ttl_seconds", "must be a whole number of seconds from 1 to 31536000");
      }
      ttl = t.asLong();
    }
    JsonNode g = node.path("guardrails");
    object(g, "guardrails", Set.of("pii", "injection", "injection_threshold", "injection_judge"));
    String pii = mode(g, "pii", Defaults.Guardrails.PII_MODES);
    String injection = mode(g, "injection", Defaults.Guardrails.INJECTION_MODES);
    Double threshold = null;
    if (g.hasNonNull("injection_threshold")) {
      JsonNode t = g.get("injection_threshold");
      // 0 would flag every prompt, a score of 0 included: never what an operator means.
      if (!t.isNumber() || !(t.asDouble() > 0) || t.asDouble() > 1) {
        throw bad(
            "guardrails.injection_threshold",
            "must be a number greater than 0 and at most 1 (or null for the default, 0.5)");
      }
      threshold = t.asDouble();
    }
    InjectionSettings.Judge judge =
        judge(
            g.path("injection_judge"),
            threshold == null ? InjectionDetector.DEFAULT_THRESHOLD : threshold);
    List<Defaults.Webhook> webhooks = new ArrayList<>();
    JsonNode hooks = node.path("webhooks");
    list(hooks, "webhooks");
    for (int i = 0; i < hooks.size(); i++) {
      String path = "webhooks[" + i + "]";
      JsonNode h = hooks.get(i);
      object(h, path, Set.of("url", "secret", "events"));
      String url = h.path("url").asText("");
      if (!h.path("url").isTextual() || !url.matches("https?://.+")) {
        throw bad(path + ".url", "must start with http:// or https://");
      }
      if (h.has("secret") && !h.get("secret").isTextual()) {
        throw bad(path + ".secret", "must be a string");
      }
      List<String> events = new ArrayList<>();
      JsonNode ev = h.path("events");
      list(ev, path + ".events");
      ev.forEach(e -> events.add(e.asText()));
      if (events.isEmpty()) {
        events.add("budget.threshold");
      }
      webhooks.add(new Defaults.Webhook(url, h.path("secret").asText(""), events));
    }
    List<JsonNode> prices = new ArrayList<>();
    JsonNode list = node.path("price_overrides");
    list(list, "price_overrides");
    for (int i = 0; i < list.size(); i++) {
      String path = "price_overrides[" + i + "]";
      JsonNode p = list.get(i);
      object(p, path, PRICE_FIELDS);
      if (!p.path("id").isTextual() || p.path("id").asText().indexOf('/') <= 0) {
        throw bad(path + ".id", "must be provider/model");
      }
      ObjectNode entry = NODES.objectNode().put("id", p.get("id").asText());
      for (String field : List.of("input", "output", "cached_input", "cache_write")) {
        if (p.hasNonNull(field)) {
          if (!p.get(field).isNumber() || p.get(field).asDouble() < 0) {
            throw bad(path + "." + field, "must be a non-negative price in USD per million tokens");
          }
          entry.put(field, p.get(field).asDouble());
        }
      }
      if (entry.size() == 1) {
        throw bad(path, "give at least one of input, output, cached_input, cache_write");
      }
      prices.add(entry);
    }
    Defaults defaults =
        new Defaults(
            autoCache,
            new Defaults.ResponseCache(cacheOn, ttl),
            new Defaults.Guardrails(pii, injection, threshold, judge));
    return new Parsed(write(defaults, webhooks, prices), defaults, webhooks, prices);
  }

  private static ObjectNode write(
      Defaults d, List<Defaults.Webhook> webhooks, List<JsonNode> prices) {
    ObjectNode o = NODES.objectNode();
    o.put("auto_cache", d.autoCache());
    o.putObject("cache")
        .put("enabled", d.cache().enabled())
        .put("ttl_seconds", d.cache().ttlSeconds());
    ObjectNode g =
        o.putObject("guardrails")
            .put("pii", d.guardrails().pii())
            .put("injection", d.guardrails().injection());
    if (d.guardrails().injectionThreshold() == null) {
      g.putNull("injection_threshold");
    } else {
      g.put("injection_threshold", d.guardrails().injectionThreshold());
    }
    InjectionSettings.Judge judge = d.guardrails().injectionJudge();
    if (judge == null) {
      g.putNull("injection_judge");
    } else {
      ObjectNode j =
          g.putObject("injection_judge").put("model", judge.model()).put("low", judge.low());
      if (judge.high() == null) {
        j.putNull("high");
      } else {
        j.put("high", judge.high());
      }
      j.put("timeout_ms", judge.timeoutMs());
    }
    ArrayNode hooks = o.putArray("webhooks");
    for (Defaults.Webhook w : webhooks) {
      ObjectNode h = hooks.addObject().put("url", w.url()).put("secret", w.secret());
      w.events().forEach(h.putArray("events")::add);
    }
    ArrayNode list = o.putArray("price_overrides");
    prices.forEach(list::add);
    return o;
  }

  /** A copy with each webhook secret masked. */
  static ObjectNode masked(ObjectNode json) {
    return mapSecrets(json, ProviderJson::mask);
  }

  /**
   * Each webhook secret given as a mask takes the secret in force of the webhook with the same URL;
   * 400 when there is none.
   */
  static ObjectNode unmask(JsonNode given, ObjectNode current) {
    if (!(given instanceof ObjectNode o) || !o.path("webhooks").isArray()) {
      return given instanceof ObjectNode o2 ? o2 : null;
    }
    ObjectNode out = o.deepCopy();
    ArrayNode hooks = (ArrayNode) out.get("webhooks");
    for (int i = 0; i < hooks.size(); i++) {
      JsonNode h = hooks.get(i);
      if (h instanceof ObjectNode hook && ProviderJson.isMask(h.path("secret").asText(null))) {
        String kept = null;
        for (JsonNode c : current.path("webhooks")) {
          if (c.path("url").asText().equals(h.path("url").asText())) {
            kept = c.path("secret").asText();
          }
        }
        if (kept == null) {
          throw bad(
              "webhooks[" + i + "].secret",
              "a masked value keeps the secret in force, but no webhook has this URL; give it");
        }
        hook.put("secret", kept);
      }
    }
    return out;
  }

  static ObjectNode mapSecrets(ObjectNode json, UnaryOperator<String> map) {
    ObjectNode out = json.deepCopy();
    for (JsonNode h : out.path("webhooks")) {
      if (h instanceof ObjectNode hook
          && h.path("secret").isTextual()
          && !h.get("secret").asText().isEmpty()) {
        hook.put("secret", map.apply(h.get("secret").asText()));
      }
    }
    return out;
  }

  /**
   * {@code guardrails.injection_judge}: null, or {@code {model, low, high, timeout_ms}} with {@code
   * 0 < low < high <= 1} ({@code high} left out: the threshold in force).
   */
  private static InjectionSettings.Judge judge(JsonNode j, double threshold) {
    if (j.isMissingNode() || j.isNull()) {
      return null;
    }
    String path = "guardrails.injection_judge";
    object(j, path, Set.of("model", "low", "high", "timeout_ms"));
    JsonNode model = j.path("model");
    if (!model.isTextual() || !model.asText().matches("[^/\\s]+/\\S+")) {
      throw bad(path + ".model", "required: the judge model as provider/model");
    }
    double low = 0.25;
    if (j.hasNonNull("low")) {
      JsonNode l = j.get("low");
      // 0 would ask the judge about every prompt, at a model call each
      if (!l.isNumber() || !(l.asDouble() > 0) || l.asDouble() >= 1) {
        throw bad(path + ".low", "must be a number greater than 0 and below 1");
      }
      low = l.asDouble();
    }
    Double high = null;
    if (j.hasNonNull("high")) {
      JsonNode h = j.get("high");
      if (!h.isNumber() || h.asDouble() <= low || h.asDouble() > 1) {
        throw bad(path + ".high", "must be a number above low (" + low + ") and at most 1");
      }
      high = h.asDouble();
    } else if (threshold <= low) {
      throw bad(
          path + ".low",
          "must be below high, which is the injection threshold ("
              + threshold
              + ") when not given");
    }
    long timeout = 2000;
    if (j.hasNonNull("timeout_ms")) {
      JsonNode t = j.get("timeout_ms");
      if (!t.canConvertToExactIntegral() || t.asLong() < 1 || t.asLong() > 60_000) {
        throw bad(path + ".timeout_ms", "must be a whole number of milliseconds from 1 to 60000");
      }
      timeout = t.asLong();
    }
    return new InjectionSettings.Judge(model.asText(), low, high, timeout);
  }

  private static String mode(JsonNode g, String field, List<String> modes) {
    if (!g.hasNonNull(field)) {
      return "off";
    }
    String value = g.get(field).asText();
    if (!g.get(field).isTextual() || !modes.contains(value)) {
      throw bad("guardrails." + field, "must be one of " + String.join(", ", modes));
    }
    return value;
  }

  private static boolean bool(JsonNode node, String field, boolean fallback, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw bad(path, "must be true or false");
    }
    return v.asBoolean();
  }

  private static void object(JsonNode node, String path, Set<String> allowed) {
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw bad(path, "must be an object");
    }
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                throw bad(
                    (path.equals("settings") ? "" : path + ".") + name,
                    "unknown setting (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList())
                        + ")");
              }
            });
  }

  private static void list(JsonNode node, String path) {
    if (!node.isMissingNode() && !node.isNull() && !node.isArray()) {
      throw bad(path, "must be a list");
    }
  }

  static GatewayException bad(String path, String message) {
    return GatewayException.invalid(path, path + ": " + message);
  }
}
