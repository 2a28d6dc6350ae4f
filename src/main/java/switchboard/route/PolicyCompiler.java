package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Regions;
import switchboard.upstream.Timeouts;

/**
 * Compiles named policy specs, the JSON (or YAML) users write in {@code switchboard.yaml} and send
 * to the admin API, into a {@link PolicySet}. Every error is a 400 naming the field's path, e.g.
 * {@code policies.main.targets[1].retries: must be between 0 and 10}. Nested {@code policy/<name>}
 * targets are resolved here, and cycles refused.
 */
public final class PolicyCompiler {

  private static final Set<String> FIELDS =
      Set.of(
          "kind",
          "targets",
          "sticky",
          "explore",
          "choice",
          "hedge",
          "keys",
          "primary",
          "description",
          "continue_streams",
          "options",
          "regions");
  private static final Set<String> TARGET_FIELDS =
      Set.of("model", "weight", "retries", "backoff_ms", "max_backoff_ms", "timeouts", "params");
  private static final Set<String> TIMEOUT_FIELDS =
      Set.of("connect_ms", "first_token_ms", "idle_ms", "total_ms");

  private final Map<String, ObjectNode> specs;
  private final TargetResolver resolver;
  private final Map<String, Policy> done = new HashMap<>();
  private final Map<String, String> primaries = new HashMap<>();
  private final Map<String, List<String>> nested = new HashMap<>();
  private final Map<String, Regions> regions = new HashMap<>();
  private final Set<String> visiting = new LinkedHashSet<>();

  private PolicyCompiler(Map<String, ObjectNode> specs, TargetResolver resolver) {
    this.specs = specs;
    this.resolver = resolver;
  }

  /** Compiles every spec; throws a 400 {@link GatewayException} naming the first bad field. */
  public static PolicySet compile(Map<String, ObjectNode> specs, TargetResolver resolver) {
    PolicyCompiler c = new PolicyCompiler(specs, resolver);
    Map<String, PolicySet.Entry> byName = new HashMap<>();
    Map<String, String> bound = new HashMap<>();
    for (String name : specs.keySet()) {
      checkName(name);
      Policy policy = c.policy(name);
      ObjectNode spec = specs.get(name);
      String path = "policies." + name;
      List<String> keys = new ArrayList<>();
      for (JsonNode k : array(spec, "keys", path)) {
        keys.add(text(k, path + ".keys[]"));
      }
      String primary =
          spec.hasNonNull("primary")
              ? text(spec.get("primary"), path + ".primary")
              : c.primaries.get(name);
      for (String key : keys) {
        String previous = bound.put(key + '\0' + primary, name);
        if (previous != null) {
          throw bad(
              path + ".keys",
              "key '"
                  + key
                  + "' is already bound for '"
                  + primary
                  + "' by policy '"
                  + previous
                  + "'");
        }
      }
      JsonNode continueStreams = spec.get("continue_streams");
      if (continueStreams != null && !continueStreams.isBoolean()) {
        throw bad(path + ".continue_streams", "must be true or false");
      }
      byName.put(
          name,
          new PolicySet.Entry(
              name,
              policy,
              hedge(spec.get("hedge"), path + ".hedge"),
              primary,
              List.copyOf(keys),
              continueStreams != null && continueStreams.asBoolean(),
              options(spec.get("options"), path + ".options"),
              c.regions(name)));
    }
    return new PolicySet(byName, bound);
  }

  /** Policy names are what follows {@code policy/} in model names. */
  public static void checkName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw bad("policies." + name, "policy names are 1-64 letters, digits, '-', '_', '.'");
    }
  }

  private Policy policy(String name) {
    Policy compiled = done.get(name);
    if (compiled != null) {
      return compiled;
    }
    String path = "policies." + name;
    if (!visiting.add(name)) {
      throw bad(
          path,
          "policies refer to each other in a cycle: "
              + String.join(" > ", visiting)
              + " > "
              + name);
    }
    ObjectNode spec = specs.get(name);
    unknownFields(spec, FIELDS, path);
    String kind = text(spec.get("kind"), path + ".kind");
    List<JsonNode> targets = new ArrayList<>();
    array(spec, "targets", path).forEach(targets::add);
    if (targets.isEmpty()) {
      throw bad(path + ".targets", "a policy needs at least one target");
    }
    if (!kind.equals("loadbalance") && spec.has("sticky")) {
      throw bad(path + ".sticky", "only for kind loadbalance");
    }
    if (!kind.equals("latency") && (spec.has("explore") || spec.has("choice"))) {
      throw bad(path + (spec.has("explore") ? ".explore" : ".choice"), "only for kind latency");
    }
    List<Policy> members = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      String tpath = path + ".targets[" + i + "]";
      JsonNode t = targets.get(i);
      members.add(member(t, tpath, name));
      double weight = t.isObject() && t.has("weight") ? t.get("weight").asDouble(-1) : 1;
      if (t.isObject() && t.has("weight") && !kind.equals("loadbalance")) {
        throw bad(tpath + ".weight", "only for kind loadbalance");
      }
      if (!(weight > 0) || t.isObject() && t.has("weight") && !t.get("weight").isNumber()) {
        throw bad(tpath + ".weight", "must be a positive number");
      }
      weights.add(weight);
    }
    Policy policy =
        switch (kind) {
          case "fallback" -> new Policy.Chain(name, List.copyOf(members));
          case "loadbalance" -> weighted(name, spec, members, weights, path);
          case "latency" -> fastest(name, spec, members, path);
          default -> throw bad(path + ".kind", "must be fallback, loadbalance or latency");
        };
    visiting.remove(name);
    done.put(name, policy);
    return policy;
  }

  private Policy member(JsonNode t, String path, String owner) {
    String model =
        t.isTextual() ? t.asText() : t.isObject() ? text(t.get("model"), path + ".model") : null;
    if (model == null) {
      throw bad(path, "must be a model name or an object with 'model'");
    }
    if (model.startsWith("policy/")) {
      String nested = model.substring("policy/".length());
      if (!specs.containsKey(nested)) {
        throw bad(path + ".model", "no policy named '" + nested + "'");
      }
      for (String field :
          List.of("retries", "backoff_ms", "max_backoff_ms", "timeouts", "params")) {
        if (t.has(field)) {
          throw bad(
              path + "." + field, "only for model targets; set it inside policy '" + nested + "'");
        }
      }
      this.nested.computeIfAbsent(owner, k -> new ArrayList<>()).add(nested);
      Policy p = policy(nested);
      primaries.putIfAbsent(owner, primaries.get(nested));
      return p;
    }
    Target base = resolver.resolve(model, path + ".model");
    primaries.putIfAbsent(owner, model);
    if (!t.isObject()) {
      return new Policy.Single(base);
    }
    unknownFields(t, TARGET_FIELDS, path);
    Retry retry =
        new Retry(
            (int) intIn(t, "retries", 0, 0, 10, path),
            Duration.ofMillis(
                intIn(t, "backoff_ms", Retry.NONE.base().toMillis(), 0, 600_000, path)),
            Duration.ofMillis(
                intIn(t, "max_backoff_ms", Retry.NONE.max().toMillis(), 0, 600_000, path)));
    JsonNode params = t.get("params");
    if (params != null && !params.isObject()) {
      throw bad(path + ".params", "must be an object of request fields to set");
    }
    if (params != null && (params.has("model") || params.has("stream") || params.has("messages"))) {
      throw bad(path + ".params", "cannot override model, stream or messages");
    }
    return new Policy.Single(
        new Target(
            base.provider(),
            base.model(),
            timeouts(t.get("timeouts"), path + ".timeouts"),
            retry,
            params == null ? null : ((ObjectNode) params).deepCopy(),
            base.contextWindow()));
  }

  /**
   * Where a policy's requests may be served: its own {@code regions} and those of every policy it
   * nests, so that a nested policy's requirement holds wherever it is used. Cycles were refused.
   */
  private Regions regions(String name) {
    Regions known = regions.get(name);
    if (known != null) {
      return known;
    }
    Regions out = Regions.parse(specs.get(name).get("regions"), "policies." + name + ".regions");
    for (String inner : nested.getOrDefault(name, List.of())) {
      out = out.and(regions(inner));
    }
    regions.put(name, out);
    return out;
  }

  private Timeouts timeouts(JsonNode node, String path) {
    Timeouts d = resolver.defaultTimeouts();
    if (node == null) {
      return d;
    }
    if (!node.isObject()) {
      throw bad(path, "must be an object");
    }
    unknownFields(node, TIMEOUT_FIELDS, path);
    return new Timeouts(
        Duration.ofMillis(intIn(node, "connect_ms", d.connect().toMillis(), 1, 3_600_000, path)),
        Duration.ofMillis(
            intIn(node, "first_token_ms", d.firstToken().toMillis(), 1, 3_600_000, path)),
        Duration.ofMillis(intIn(node, "idle_ms", d.idle().toMillis(), 1, 3_600_000, path)),
        Duration.ofMillis(intIn(node, "total_ms", d.total().toMillis(), 1, 3_600_000, path)));
  }

  private static Policy weighted(
      String name, ObjectNode spec, List<Policy> members, List<Double> weights, String path) {
    String sticky = spec.hasNonNull("sticky") ? text(spec.get("sticky"), path + ".sticky") : "none";
    Sticky mode =
        switch (sticky) {
          case "none" -> Sticky.NONE;
          case "user" -> Sticky.USER;
          case "trace" -> Sticky.TRACE;
          default -> throw bad(path + ".sticky", "must be none, user or trace");
        };
    List<Policy.Weighted.Member> out = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      Policy m = members.get(i);
      String id = m instanceof Policy.Single s ? s.target().name() : "member-" + i;
      out.add(new Policy.Weighted.Member(m, weights.get(i), id));
    }
    return new Policy.Weighted(name, List.copyOf(out), mode);
  }

  private static Policy fastest(String name, ObjectNode spec, List<Policy> members, String path) {
    JsonNode explore = spec.get("explore");
    if (explore != null
        && !(explore.isNumber() && explore.asDouble() >= 0 && explore.asDouble() <= 1)) {
      throw bad(path + ".explore", "must be a share between 0 and 1");
    }
    String choice = spec.hasNonNull("choice") ? text(spec.get("choice"), path + ".choice") : "best";
    if (!choice.equals("p2c") && !choice.equals("best")) {
      throw bad(path + ".choice", "must be p2c or best");
    }
    return new Policy.Fastest(
        name,
        List.copyOf(members),
        explore == null ? 0.05 : explore.asDouble(),
        choice.equals("p2c"));
  }

  private static Hedge hedge(JsonNode node, String path) {
    if (node == null || node.isNull() || node.isBoolean() && !node.asBoolean()) {
      return null;
    }
    if (!node.isObject()) {
      throw bad(path, "must be an object such as {after_ms: 500, p95: true}");
    }
    unknownFields(node, Set.of("after_ms", "p95"), path);
    long after = intIn(node, "after_ms", 1000, 1, 600_000, path);
    JsonNode p95 = node.get("p95");
    if (p95 != null && !p95.isBoolean()) {
      throw bad(path + ".p95", "must be true or false");
    }
    return new Hedge(Duration.ofMillis(after), p95 != null && p95.asBoolean());
  }

  private static long intIn(
      JsonNode node, String field, long dflt, long min, long max, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToExactIntegral() || v.asLong() < min || v.asLong() > max) {
      throw bad(path + "." + field, "must be an integer between " + min + " and " + max);
    }
    return v.asLong();
  }

  private static Iterable<JsonNode> array(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw bad(path + "." + field, "must be a list");
    }
    return v;
  }

  private static String text(JsonNode v, String path) {
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw bad(path, "must be a non-empty string");
    }
    return v.asText();
  }

  private static void unknownFields(JsonNode node, Set<String> allowed, String path) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                throw bad(
                    path + "." + f,
                    "unknown setting (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList())
                        + ")");
              }
            });
  }

  /**
   * A policy's default options: {@code auto_cache}, {@code cache} and {@code guardrails}, checked
   * like a request's {@code switchboard} object.
   */
  private static switchboard.pipeline.GatewayOptions options(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      var names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!Set.of("auto_cache", "cache", "guardrails").contains(name)) {
          throw bad(path + "." + name, "a policy's options are auto_cache, cache and guardrails");
        }
      }
    }
    return switchboard.wire.openai.RequestReader.Extensions.of(node, path);
  }

  private static GatewayException bad(String path, String message) {
    return GatewayException.invalid(path, path + ": " + message);
  }
}
