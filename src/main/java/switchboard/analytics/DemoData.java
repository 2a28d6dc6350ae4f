package switchboard.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import switchboard.model.Usage;
import switchboard.pipeline.GuardFindings;
import switchboard.provider.Failure;
import switchboard.provider.UpstreamError;
import switchboard.route.Attempt;
import switchboard.usage.UsageRecord;

/**
 * Synthetic but realistic request records (SPEC §4 {@code demo-data}): several keys, models of
 * several providers at their list prices, two routing policies, tags, client and provider errors,
 * failovers, response-cache hits, provider prompt caching, streams with time to first token, and a
 * daily and weekly rhythm, and guardrail actions (redacted, masked, flagged and blocked requests).
 * Records come in time order (ids sort with time), so the store appends at the end of its indexes.
 * Seeded: the same seed gives the same records.
 */
public final class DemoData {

  /** A model as the demo serves it: list prices per million tokens and a speed. */
  record Model(
      String target, String served, double inUsdPerM, double outUsdPerM, int ttftMs, int msPerTok) {
    String provider() {
      return target.substring(0, target.indexOf('/'));
    }
  }

  static final List<Model> MODELS =
      List.of(
          new Model("openai/gpt-4o-mini", "gpt-4o-mini-2024-07-18", 0.15, 0.6, 350, 9),
          new Model("openai/gpt-4o", "gpt-4o-2024-11-20", 2.5, 10, 480, 14),
          new Model("anthropic/claude-sonnet-4-5", "claude-sonnet-4-5-20250929", 3, 15, 620, 16),
          new Model("anthropic/claude-haiku-4-5", "claude-haiku-4-5-20251001", 1, 5, 380, 8),
          new Model("google/gemini-2.5-flash", "gemini-2.5-flash", 0.3, 2.5, 300, 6),
          new Model("google/gemini-2.5-pro", "gemini-2.5-pro", 1.25, 10, 900, 12),
          new Model("bedrock/amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0", 0.8, 3.2, 450, 10),
          new Model("mistral/mistral-large-latest", "mistral-large-2411", 2, 6, 420, 11));

  private static final String[] KEYS = {
    "key_web", "key_mobile", "key_batch", "key_support", "key_research", "key_eval"
  };
  private static final double[] KEY_WEIGHTS = {0.34, 0.22, 0.16, 0.14, 0.09, 0.05};
  private static final String[][] TAG_SETS = {
    {}, {"prod"}, {"prod", "team-search"}, {"prod", "team-support"}, {"staging"}, {"experiment-a"}
  };
  private static final double[] TAG_WEIGHTS = {0.25, 0.3, 0.18, 0.14, 0.08, 0.05};

  /** Policies and the models they try, in order. */
  private static final String[] POLICIES = {"cheap", "smart"};

  private static final int[][] POLICY_TARGETS = {{0, 4, 3}, {2, 1, 5}};
  private static final long MINUTE = 60_000L;

  private final RandomGenerator random;
  private final String run;
  private long sequence;

  public DemoData(RandomGenerator random) {
    this.random = random;
    this.run = Long.toString(Math.abs(random.nextLong()) % (36L * 36 * 36 * 36), 36);
  }

  /**
   * Produces {@code count} records spread over {@code [fromMs, toMs)}, oldest first, in batches of
   * up to {@code batch}.
   */
  public void generate(
      long count, long fromMs, long toMs, int batch, Consumer<List<UsageRecord>> sink) {
    long minutes = Math.max(1, (toMs - fromMs) / MINUTE);
    double total = 0;
    for (long m = 0; m < minutes; m++) {
      total += weight(fromMs + m * MINUTE);
    }
    List<UsageRecord> out = new ArrayList<>(batch);
    double cumulative = 0;
    long emitted = 0;
    for (long m = 0; m < minutes && emitted < count; m++) {
      long start = fromMs + m * MINUTE;
      cumulative += weight(start);
      long due = m == minutes - 1 ? count : Math.round(count * cumulative / total);
      int n = (int) (due - emitted);
      if (n <= 0) {
        continue;
      }
      long span = Math.min(MINUTE, toMs - start);
      long[] times = new long[n];
      for (int i = 0; i < n; i++) {
        times[i] = start + (long) (random.nextDouble() * span);
      }
      java.util.Arrays.sort(times);
      for (long t : times) {
        out.add(record(t));
        if (out.size() == batch) {
          sink.accept(out);
          out = new ArrayList<>(batch);
        }
      }
      emitted = due;
    }
    if (!out.isEmpty()) {
      sink.accept(out);
    }
  }

  /** Relative traffic at a time: a daily rhythm peaking mid-afternoon UTC, quieter weekends. */
  static double weight(long ms) {
    double hour = (ms % 86_400_000L) / 3_600_000.0;
    double daily = 1.0 + 0.8 * Math.sin((hour - 8) / 24 * 2 * Math.PI);
    long day = Math.floorDiv(ms, 86_400_000L);
    boolean weekend = Math.floorMod(day + 3, 7) >= 5; // 1970-01-01 was a Thursday
    return daily * (weekend ? 0.55 : 1.0);
  }

  private UsageRecord record(long t) {
    String key = KEYS[pick(KEY_WEIGHTS)];
    String[] tags = TAG_SETS[pick(TAG_WEIGHTS)];
    int policyIndex = random.nextDouble() < 0.35 ? random.nextInt(POLICIES.length) : -1;
    int[] route =
        policyIndex >= 0
            ? POLICY_TARGETS[policyIndex]
            : new int[] {random.nextInt(MODELS.size()), random.nextInt(MODELS.size())};
    Model first = MODELS.get(route[0]);
    String requested = policyIndex >= 0 ? "policy/" + POLICIES[policyIndex] : first.target();
    boolean stream = random.nextDouble() < 0.6;
    boolean consultsCache = !stream && random.nextDouble() < 0.3;
    long input = 200 + (long) (Math.exp(random.nextGaussian() * 0.9 + 6.5));
    long output = 20 + (long) (Math.exp(random.nextGaussian() * 0.8 + 5));
    String id = "demo_" + run + "_" + Long.toString(t, 36) + "_" + Long.toString(sequence++, 36);
    String tagsJson = tagsJson(tags);
    String policy = policyIndex >= 0 ? POLICIES[policyIndex] : null;

    double roll = random.nextDouble();
    if (roll < 0.008) { // a client error: bad request, no provider tried
      return new UsageRecord(
          id,
          t,
          key,
          "chat",
          requested,
          null,
          null,
          400,
          "invalid_request",
          stream,
          2 + random.nextInt(4),
          -1,
          Usage.NONE,
          null,
          List.of(),
          tagsJson,
          null,
          null,
          null,
          null,
          policy,
          "bypass",
          0,
          null,
          false,
          null,
          null);
    }
    if (roll < 0.012) { // the key's rate limit
      return new UsageRecord(
          id,
          t,
          key,
          "chat",
          requested,
          null,
          null,
          429,
          "rate_limited",
          stream,
          1 + random.nextInt(3),
          -1,
          Usage.NONE,
          null,
          List.of(),
          tagsJson,
          null,
          null,
          null,
          null,
          policy,
          "bypass",
          0,
          null,
          false,
          null,
          null);
    }
    if (roll < 0.016) { // refused by the guardrails: personal data or an injection, no provider
      return guarded(
          clientError(id, t, key, requested, stream, tagsJson, policy, "guardrail_blocked"),
          blockFindings());
    }
    if (consultsCache && random.nextDouble() < 0.25) { // a response-cache hit: no provider
      double saved = cost(first, input, 0, output);
      return new UsageRecord(
          id,
          t,
          key,
          "chat",
          requested,
          first.provider(),
          first.served(),
          200,
          null,
          false,
          2 + random.nextInt(6),
          -1,
          new Usage(input, 0, 0, output, 0),
          0.0,
          List.of(),
          tagsJson,
          null,
          null,
          null,
          null,
          policy,
          "hit",
          saved,
          null,
          false,
          null,
          null);
    }
    List<Attempt> attempts = new ArrayList<>(2);
    double fail = random.nextDouble();
    boolean failover = fail < 0.045;
    boolean allFailed = fail < 0.007;
    Model serving = failover ? MODELS.get(route[1]) : first;
    if (failover) {
      Failure f = random.nextBoolean() ? Failure.RATE_LIMITED : Failure.SERVER_ERROR;
      int status = f == Failure.RATE_LIMITED ? 429 : 503;
      attempts.add(
          new Attempt(
              first.target(),
              status,
              UpstreamError.of(
                  f, status, f == Failure.RATE_LIMITED ? "rate limited" : "overloaded"),
              40 + random.nextInt(400)));
    }
    long failedMs = attempts.isEmpty() ? 0 : attempts.get(0).millis();
    if (allFailed) {
      attempts.add(
          new Attempt(
              serving.target(),
              503,
              UpstreamError.of(Failure.SERVER_ERROR, 503, "overloaded"),
              30 + random.nextInt(300)));
      return new UsageRecord(
          id,
          t,
          key,
          "chat",
          requested,
          serving.provider(),
          null,
          503,
          "upstream_unavailable",
          stream,
          failedMs + attempts.get(attempts.size() - 1).millis() + 3,
          -1,
          Usage.NONE,
          null,
          attempts,
          tagsJson,
          null,
          null,
          null,
          null,
          policy,
          consultsCache ? "miss" : "bypass",
          0,
          null,
          false,
          null,
          null);
    }
    long cached = 0;
    if (!serving.provider().equals("mistral") && random.nextDouble() < 0.45) {
      cached = (long) (input * (0.3 + 0.6 * random.nextDouble()));
    }
    long reasoning = serving.target().contains("pro") ? output / 3 : 0;
    double jitter = Math.exp(random.nextGaussian() * 0.35);
    long ttft = (long) (serving.ttftMs() * jitter) + failedMs;
    long latency = ttft + output * serving.msPerTok() / (stream ? 1 : 2) + 5;
    if (random.nextDouble() < 0.01) {
      latency *= 4; // a slow tail
    }
    attempts.add(new Attempt(serving.target(), 200, null, latency - failedMs));
    double cost = cost(serving, input, cached, output);
    double savings = cached * serving.inUsdPerM() * 0.9 / 1e6;
    GuardFindings findings = passFindings();
    return guarded(
        new UsageRecord(
            id,
            t,
            key,
            "chat",
            requested,
            serving.provider(),
            serving.served(),
            200,
            null,
            stream,
            latency,
            stream ? ttft : -1,
            new Usage(input, cached, 0, output, reasoning),
            cost,
            attempts,
            tagsJson,
            null,
            null,
            null,
            serving.target(),
            policy,
            consultsCache ? "miss" : "bypass",
            savings,
            null,
            failover,
            null,
            null),
        findings);
  }

  private UsageRecord clientError(
      String id,
      long t,
      String key,
      String requested,
      boolean stream,
      String tagsJson,
      String policy,
      String errorType) {
    return new UsageRecord(
        id,
        t,
        key,
        "chat",
        requested,
        null,
        null,
        400,
        errorType,
        stream,
        2 + random.nextInt(4),
        -1,
        Usage.NONE,
        null,
        List.of(),
        tagsJson,
        null,
        null,
        null,
        null,
        policy,
        "bypass",
        0,
        null,
        false,
        null,
        null);
  }

  private static final String[] PII_TYPES = {
    "EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON", "CREDIT_CARD", "IP_ADDRESS", "CREDENTIAL"
  };
  private static final double[] PII_WEIGHTS = {0.35, 0.2, 0.2, 0.08, 0.1, 0.07};

  /** What a blocked request was refused for: mostly personal data, sometimes an injection. */
  private GuardFindings blockFindings() {
    if (random.nextDouble() < 0.35) {
      return new GuardFindings(null, null, 0.6 + 0.4 * random.nextDouble(), "block");
    }
    return new GuardFindings("block", piiTypes(), null, null);
  }

  /**
   * What the guardrails did to a request that went on: about one in ten had personal data redacted
   * or masked, a few an injection flagged; null for the rest.
   */
  private GuardFindings passFindings() {
    double g = random.nextDouble();
    if (g >= 0.12) {
      return null;
    }
    boolean flagged = g < 0.02 || g >= 0.11;
    String pii = g < 0.02 ? null : g < 0.085 ? "redact" : g < 0.11 ? "mask" : "redact";
    return new GuardFindings(
        pii,
        pii == null ? null : piiTypes(),
        flagged ? 0.5 + 0.5 * random.nextDouble() : null,
        flagged ? "flag" : null);
  }

  private java.util.SortedMap<String, Integer> piiTypes() {
    java.util.SortedMap<String, Integer> types = new java.util.TreeMap<>();
    int kinds = 1 + (random.nextDouble() < 0.3 ? 1 : 0);
    for (int i = 0; i < kinds; i++) {
      types.merge(
          PII_TYPES[pick(PII_WEIGHTS)], 1 + (random.nextDouble() < 0.25 ? 1 : 0), Integer::sum);
    }
    return types;
  }

  /** {@code r} with the guardrails' findings and the header they would have sent. */
  private static UsageRecord guarded(UsageRecord r, GuardFindings f) {
    if (f == null) {
      return r;
    }
    List<String> actions = new ArrayList<>(2);
    if (f.injectionAction() != null) {
      actions.add("injection=" + (f.injectionAction().equals("flag") ? "flagged" : "blocked"));
    }
    if (f.piiAction() != null) {
      actions.add("pii=" + f.piiAction() + "ed");
    }
    return new UsageRecord(
        r.requestId(),
        r.timestampMillis(),
        r.keyId(),
        r.operation(),
        r.requestedModel(),
        r.provider(),
        r.servedModel(),
        r.status(),
        r.errorType(),
        r.stream(),
        r.latencyMillis(),
        r.ttftMillis(),
        r.usage(),
        r.costUsd(),
        r.attempts(),
        r.tagsJson(),
        r.userId(),
        r.traceId(),
        r.extraJson(),
        r.target(),
        r.policy(),
        r.cache(),
        r.savingsUsd(),
        String.join(", ", actions),
        r.failover(),
        r.prompt(),
        f);
  }

  /** List-price cost: cached prompt tokens at a tenth of the input price. */
  private static double cost(Model m, long input, long cached, long output) {
    return ((input - cached) * m.inUsdPerM()
            + cached * m.inUsdPerM() * 0.1
            + output * m.outUsdPerM())
        / 1e6;
  }

  private int pick(double[] weights) {
    double r = random.nextDouble();
    for (int i = 0; i < weights.length - 1; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static String tagsJson(String[] tags) {
    if (tags.length == 0) {
      return null;
    }
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < tags.length; i++) {
      out.append(i == 0 ? "\"" : ",\"").append(tags[i]).append('"');
    }
    return out.append(']').toString();
  }
}
