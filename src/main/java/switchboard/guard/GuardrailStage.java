package switchboard.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import switchboard.guard.injection.InjectionMode;
import switchboard.guard.injection.InjectionVerdict;
import switchboard.guard.pii.PiiFinding;
import switchboard.guard.pii.PiiMode;
import switchboard.guard.pii.Placeholders;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Operation;
import switchboard.pipeline.Reply;
import switchboard.pipeline.Stage;

/**
 * The guardrails as a stage, before the response cache and routing (SPEC §3 {@code
 * switchboard.guardrails}): the modes in force are the global ones tightened by the policy's (its
 * {@code options.guardrails}), the key's and the request's. Prompt injection is judged on what
 * users and tools wrote (the operator's system prompt and earlier answers are trusted); personal
 * data is looked for in every message. Blocked requests fail with 400 {@code guardrail_blocked} and
 * no provider is called; redacted ones go on with numbered placeholders, and their answer gets the
 * values back ({@link Restoring}); masked ones go on with the type names for good. What was done
 * goes in {@code x-switchboard-guardrails} and the request record, never the values themselves.
 */
public final class GuardrailStage implements Stage {

  /** The header naming what the guardrails did ({@code pii=redacted, injection=flagged}). */
  public static final String HEADER = "x-switchboard-guardrails";

  private final Guardrails guardrails;
  private final Supplier<GuardModes> global;
  private final Function<String, JsonNode> keyModes;
  private final Supplier<InjectionSettings> injectionSettings;
  private final InjectionJudge judge;

  /**
   * @param global the modes set for everyone (the settings, changeable at run time)
   * @param keyModes a key id to its key's {@code guardrails} option, or null
   * @param injectionSettings the injection threshold and judge in force (read per request)
   * @param judge asks the judge model about borderline scores, or null for none
   */
  public GuardrailStage(
      Guardrails guardrails,
      Supplier<GuardModes> global,
      Function<String, JsonNode> keyModes,
      Supplier<InjectionSettings> injectionSettings,
      InjectionJudge judge) {
    this.guardrails = guardrails;
    this.global = global;
    this.keyModes = keyModes;
    this.injectionSettings = injectionSettings;
    this.judge = judge;
  }

  @Override
  public Future<Reply> apply(Exchange exchange, Next next) {
    GuardModes modes =
        global
            .get()
            .tightenedBy(exchange.defaults().guardrails())
            .tightenedBy(keyModes.apply(exchange.keyId))
            .tightenedBy(exchange.options.guardrails());
    if (modes.off() || exchange.operation != Operation.CHAT) {
      return next.apply(exchange);
    }
    List<String> actions = new ArrayList<>(3);
    Findings found = new Findings();
    if (modes.injection() == InjectionMode.OFF) {
      return pii(exchange, modes, actions, found, next);
    }
    InjectionSettings tuning = injectionSettings.get();
    Worst worst = injection(exchange.body(), tuning.threshold());
    boolean flagged = worst.verdict().flagged();
    if (judge == null || worst.text() == null || !tuning.borderline(worst.verdict().score())) {
      return injectionDecided(exchange, modes, actions, found, worst, flagged, next);
    }
    // Borderline: the judge decides, or the detector when the judge cannot (never a failure).
    return judge
        .judge(exchange.requestId, worst.text(), tuning.judge())
        .compose(
            outcome -> {
              actions.add("injection_judge=" + outcome.label());
              return injectionDecided(
                  exchange, modes, actions, found, worst, outcome.flagged(flagged), next);
            });
  }

  private Future<Reply> injectionDecided(
      Exchange exchange,
      GuardModes modes,
      List<String> actions,
      Findings found,
      Worst worst,
      boolean flagged,
      Next next) {
    if (flagged) {
      found.injection(worst.verdict().score(), modes.injection().wire());
      if (modes.injection() == InjectionMode.BLOCK) {
        maskForRecord(exchange);
        return blocked(exchange, actions, found, "injection=blocked", "a prompt injection");
      }
      actions.add("injection=flagged");
    }
    return pii(exchange, modes, actions, found, next);
  }

  private Future<Reply> pii(
      Exchange exchange, GuardModes modes, List<String> actions, Findings found, Next next) {
    if (modes.pii() != PiiMode.OFF) {
      ObjectNode body = exchange.body().deepCopy();
      Placeholders placeholders = new Placeholders();
      PromptTexts.rewrite(
          body,
          (role, text) -> {
            List<PiiFinding> hits = guardrails.scanner().scan(text);
            hits.forEach(f -> found.type(f.type().name()));
            return switch (modes.pii()) {
              case REDACT -> placeholders.redact(text, hits);
              // a blocked prompt is masked too: with prompt logging on, the record keeps the body
              case MASK, BLOCK -> Placeholders.mask(text, hits);
              default -> text;
            };
          });
      if (found.hasTypes()) {
        found.pii(modes.pii().wire());
        exchange.rewrite(body);
        if (modes.pii() == PiiMode.BLOCK) {
          return blocked(
              exchange,
              actions,
              found,
              "pii=blocked",
              "personal data (" + String.join(", ", found.typeNames()) + ")");
        }
        if (modes.pii() == PiiMode.REDACT) {
          exchange.hook(new Restoring(placeholders));
          actions.add("pii=redacted");
        } else {
          actions.add("pii=masked");
        }
      }
    }
    note(exchange, actions, found);
    return next.apply(exchange);
  }

  /**
   * Before an injection block, masks the personal data in the body the record may keep (prompt
   * logging): the request goes nowhere, so only the record sees the rewrite.
   */
  private void maskForRecord(Exchange exchange) {
    ObjectNode body = exchange.body().deepCopy();
    boolean[] any = {false};
    PromptTexts.rewrite(
        body,
        (role, text) -> {
          List<PiiFinding> hits = guardrails.scanner().scan(text);
          any[0] |= !hits.isEmpty();
          return Placeholders.mask(text, hits);
        });
    if (any[0]) {
      exchange.rewrite(body);
    }
  }

  /** The highest-scoring text and its verdict; the text is null when none scored above 0. */
  private record Worst(InjectionVerdict verdict, String text) {}

  /** The highest-scoring text a user or a tool wrote. */
  private Worst injection(ObjectNode body, double threshold) {
    Worst[] worst = {new Worst(InjectionVerdict.clean(threshold), null)};
    PromptTexts.each(
        body,
        (role, text) -> {
          if (role.equals("user") || role.equals("tool")) {
            InjectionVerdict v = guardrails.detector().check(text, threshold);
            if (v.score() > worst[0].verdict().score()) {
              worst[0] = new Worst(v, text);
            }
          }
        });
    return worst[0];
  }

  private static Future<Reply> blocked(
      Exchange exchange, List<String> actions, Findings found, String action, String what) {
    actions.add(action);
    note(exchange, actions, found);
    return Future.failedFuture(
        new GatewayException(
            ErrorKind.GUARDRAIL_BLOCKED,
            "The request was blocked by the gateway's guardrails: it contains " + what + "."));
  }

  private static void note(Exchange exchange, List<String> actions, Findings found) {
    if (!actions.isEmpty()) {
      String joined = String.join(", ", actions);
      exchange.answerHeader(HEADER, joined);
      exchange.notes.guardrails(joined);
    }
    exchange.notes.guardFindings(found.done());
  }
}
