package switchboard.guard;

import io.vertx.core.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The optional second stage of the injection guardrail (issue 14): a model asked, through the
 * gateway itself, whether a borderline text is an injection. It never fails the user's request: a
 * timeout, a failed call or an answer that is not a verdict leaves the decision to the detector.
 * Neither the text nor the judge's answer is logged.
 */
public final class InjectionJudge {

  private static final Logger LOG = Logger.getLogger(InjectionJudge.class.getName());

  /** What the judge said, as counted in {@code switchboard_guardrail_judge_total}. */
  public enum Outcome {
    INJECTION,
    CLEAN,
    ERROR,
    TIMEOUT;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The decision: the judge's verdict, or the detector's when the judge gave none. */
    boolean flagged(boolean detector) {
      return switch (this) {
        case INJECTION -> true;
        case CLEAN -> false;
        default -> detector;
      };
    }
  }

  private final JudgeModel model;
  private final Consumer<Outcome> counted;

  /** {@code counted} hears every outcome (the metric). */
  public InjectionJudge(JudgeModel model, Consumer<Outcome> counted) {
    this.model = model;
    this.counted = counted;
  }

  /** Asks the judge about {@code text}; always succeeds. */
  public Future<Outcome> judge(String requestId, String text, InjectionSettings.Judge settings) {
    Future<String> asked;
    try {
      asked = model.ask(requestId, JudgePrompt.body(settings.model(), text), settings.timeoutMs());
    } catch (RuntimeException e) {
      asked = Future.failedFuture(e);
    }
    return asked.transform(
        result -> {
          Outcome outcome;
          if (result.succeeded()) {
            Boolean verdict = JudgePrompt.verdict(result.result());
            if (verdict == null) {
              LOG.warning(
                  () -> "request " + requestId + ": the injection judge's answer is no verdict");
              outcome = Outcome.ERROR;
            } else {
              outcome = verdict ? Outcome.INJECTION : Outcome.CLEAN;
            }
          } else if (result.cause() instanceof TimeoutException) {
            outcome = Outcome.TIMEOUT;
          } else {
            // the kind of failure only: a provider's message could quote the prompt
            LOG.warning(
                () ->
                    "request "
                        + requestId
                        + ": the injection judge failed ("
                        + (result.cause() instanceof switchboard.pipeline.GatewayException g
                            ? g.kind().name().toLowerCase(java.util.Locale.ROOT)
                            : result.cause().getClass().getSimpleName())
                        + ")");
            outcome = Outcome.ERROR;
          }
          counted.accept(outcome);
          return Future.succeededFuture(outcome);
        });
  }
}
