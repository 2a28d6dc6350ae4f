package switchboard.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import switchboard.analytics.Figures;
import switchboard.analytics.GuardCounts;
import switchboard.analytics.RequestView;
import switchboard.analytics.Sketch;
import switchboard.pipeline.GuardFindings;

/** The JSON shapes of the request log and the analytics, as SPEC §4 fixes them. */
final class AnalyticsJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AnalyticsJson() {}

  /** The figures' fields into {@code out}. */
  static ObjectNode figures(ObjectNode out, Figures f) {
    out.put("requests", f.requests());
    out.put("errors", f.errors());
    out.put("error_rate", f.errorRate());
    ObjectNode tokens = out.putObject("tokens");
    tokens.put("input", f.inputTokens());
    tokens.put("cached", f.cachedTokens());
    tokens.put("cache_write", f.cacheWriteTokens());
    tokens.put("output", f.outputTokens());
    tokens.put("reasoning", f.reasoningTokens());
    out.put("cost_usd", f.costUsd());
    out.put("savings_usd", f.savingsUsd());
    percentiles(out.putObject("latency_ms"), f.latency());
    percentiles(out.putObject("ttft_ms"), f.ttft());
    out.put("cache_hit_rate", f.cacheHitRate());
    out.put("response_cache_hit_rate", f.responseCacheHitRate());
    out.put("failover_rate", f.failoverRate());
    guardrails(out.putObject("guardrails"), f.guard());
    return out;
  }

  /** {@code {guarded, actions: {redact, mask, block, flag}, types: {EMAIL_ADDRESS: n, …}}}. */
  private static void guardrails(ObjectNode out, GuardCounts g) {
    out.put("guarded", g.guarded());
    ObjectNode actions = out.putObject("actions");
    GuardCounts.ACTIONS.forEach(a -> actions.put(a, g.action(a)));
    ObjectNode types = out.putObject("types");
    g.types().forEach(types::put);
  }

  private static void percentiles(ObjectNode out, Sketch s) {
    for (String[] p : new String[][] {{"p50", "0.5"}, {"p95", "0.95"}, {"p99", "0.99"}}) {
      double v = s.quantile(Double.parseDouble(p[1]));
      if (Double.isNaN(v)) {
        out.putNull(p[0]);
      } else {
        out.put(p[0], v);
      }
    }
  }

  /** One request: the log's item; with {@code detailed}, its attempts and prompt too. */
  static ObjectNode request(RequestView r, boolean detailed) {
    ObjectNode o = NODES.objectNode();
    o.put("id", r.id());
    o.put("created_at", Instant.ofEpochMilli(r.createdMillis()).toString());
    o.put("key_id", r.keyId());
    o.put("operation", r.operation());
    o.put("model", r.model());
    o.put("target", r.target());
    o.put("served_model", r.servedModel());
    o.put("provider", r.provider());
    o.put("policy", r.policy());
    o.put("status", r.status());
    o.put("error_type", r.errorType());
    o.put("stream", r.stream());
    o.put("attempt_count", r.attempts().size());
    if (detailed) {
      ArrayNode attempts = o.putArray("attempts");
      for (RequestView.AttemptView a : r.attempts()) {
        ObjectNode x = attempts.addObject();
        x.put("target", a.target());
        x.put("status", a.status());
        x.put("outcome", a.outcome());
        x.put("message", a.message());
        x.put("latency_ms", a.ms());
      }
    } else {
      o.put("attempts", r.attempts().size());
    }
    o.put("failover", r.failover());
    o.put("latency_ms", r.latencyMillis());
    if (r.ttftMillis() >= 0) {
      o.put("ttft_ms", r.ttftMillis());
    } else {
      o.putNull("ttft_ms");
    }
    ObjectNode tokens = o.putObject("tokens");
    tokens.put("input", r.inputTokens());
    tokens.put("cached", r.cachedTokens());
    tokens.put("cache_write", r.cacheWriteTokens());
    tokens.put("output", r.outputTokens());
    tokens.put("reasoning", r.reasoningTokens());
    if (r.costUsd() == null) {
      o.putNull("cost_usd");
    } else {
      o.put("cost_usd", r.costUsd());
    }
    o.put("savings_usd", r.savingsUsd());
    o.put("cache", r.cache());
    o.put("guardrails", r.guardrails());
    o.set("guardrail_findings", findings(r.guardFindings()));
    r.tags().forEach(o.putArray("tags")::add);
    o.put("user_id", r.userId());
    o.put("trace_id", r.traceId());
    if (detailed) {
      o.set("extra", extra(r.extraJson()));
      if (r.prompt() != null) {
        o.put("prompt", r.prompt());
      }
    }
    return o;
  }

  /** The record's findings as stored (counts and actions only), or null. */
  private static com.fasterxml.jackson.databind.JsonNode findings(GuardFindings f) {
    if (f == null) {
      return NODES.nullNode();
    }
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.json());
    } catch (java.io.IOException e) {
      return NODES.nullNode();
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode extra(String json) {
    if (json == null) {
      return NODES.nullNode();
    }
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      return NODES.textNode(json);
    }
  }
}
