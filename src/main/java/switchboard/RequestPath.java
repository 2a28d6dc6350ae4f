package switchboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import switchboard.access.Admission;
import switchboard.access.GatewayKey;
import switchboard.access.Governor;
import switchboard.access.KeyRing;
import switchboard.cache.AnswerStore;
import switchboard.cache.ResponseCacheStage;
import switchboard.cache.TenantScope;
import switchboard.config.SettingsBook;
import switchboard.guard.GuardModes;
import switchboard.guard.GuardrailStage;
import switchboard.guard.Guardrails;
import switchboard.guard.InjectionJudge;
import switchboard.guard.InjectionSettings;
import switchboard.guard.injection.InjectionMode;
import switchboard.guard.pii.PiiMode;
import switchboard.observe.Metrics;
import switchboard.pipeline.Chain;
import switchboard.pipeline.GatewayOptions;
import switchboard.route.Dispatcher;
import switchboard.route.Planner;
import switchboard.route.Routing;
import switchboard.usage.Accounting;
import switchboard.usage.Cost;

/**
 * The stages of a request's path, in order, after it was authenticated and read (issue 9): admit
 * (plan, reserve the budget, take the rate limits), the guardrails, the response cache, then route.
 * Whatever a stage replies or fails with leaves through the one exit ({@code http/Exit}). Part of
 * the wiring: only {@link Gateway} calls it.
 */
final class RequestPath {

  private RequestPath() {}

  static Chain stages(
      Supplier<Planner> planner,
      Governor governor,
      Dispatcher dispatcher,
      KeyRing keyRing,
      Accounting accounting,
      double markupPercent,
      Guardrails guardrails,
      SettingsBook settings,
      AnswerStore answers,
      Metrics metrics) {
    // The injection judge's calls go through admission and routing only (SelfCalls).
    Chain selfPath =
        Chain.of(
            new Admission(planner, governor, () -> GatewayOptions.NONE), new Routing(dispatcher));
    metrics.describe(
        "switchboard_guardrail_judge_total",
        "Injection judge verdicts on borderline prompts, by outcome");
    InjectionJudge judge =
        new InjectionJudge(
            new SelfCalls(selfPath, accounting),
            outcome ->
                metrics.increment(
                    "switchboard_guardrail_judge_total", "outcome=\"" + outcome.label() + "\""));
    GuardrailStage guard =
        new GuardrailStage(
            guardrails,
            () -> globalGuardModes(settings),
            id -> {
              GatewayKey key = keyRing.get(id);
              return key == null ? null : key.spec().options().get("guardrails");
            },
            () -> {
              var g = settings.defaults().guardrails();
              return new InjectionSettings(g.threshold(), g.injectionJudge());
            },
            judge);
    ResponseCacheStage responseCache =
        new ResponseCacheStage(
            answers,
            Duration.ofMinutes(5),
            id -> {
              GatewayKey key = keyRing.get(id);
              return TenantScope.of(id, key == null ? null : key.spec());
            },
            (deployment, usage) ->
                Cost.of(accounting.catalog().find(deployment), usage, markupPercent).total());
    return Chain.of(
        new Admission(planner, governor, () -> settingsDefaults(settings)),
        guard,
        responseCache,
        new Routing(dispatcher));
  }

  /**
   * The settings' defaults as request options (SPEC §3: under the request's, key's and policy's):
   * {@code auto_cache}, and the response cache with its TTL when it is on for everyone.
   */
  private static GatewayOptions settingsDefaults(SettingsBook settings) {
    var d = settings.defaults();
    JsonNode cache =
        d.cache().enabled()
            ? JsonNodeFactory.instance.objectNode().put("ttl", d.cache().ttlSeconds())
            : null;
    return new GatewayOptions(
        d.autoCache() ? Boolean.TRUE : null, cache, List.of(), null, null, null);
  }

  /** The guardrail modes the settings apply to everyone (the dashboard's settings page). */
  private static GuardModes globalGuardModes(SettingsBook settings) {
    var set = settings.defaults().guardrails();
    PiiMode pii = PiiMode.parse(set.pii());
    InjectionMode injection = InjectionMode.parse(set.injection());
    return new GuardModes(
        pii == null ? PiiMode.OFF : pii, injection == null ? InjectionMode.OFF : injection);
  }
}
