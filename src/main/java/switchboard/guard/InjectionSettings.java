package switchboard.guard;

import switchboard.guard.injection.InjectionDetector;

/**
 * How the injection guardrail judges, as the settings say now ({@code guardrails.injection_*}):
 * read per request, so a change applies to the next one.
 *
 * @param threshold the score from which a text counts as an injection, in (0, 1]
 */
public record InjectionSettings(double threshold) {

  public static final InjectionSettings DEFAULT =
      new InjectionSettings(InjectionDetector.DEFAULT_THRESHOLD);

  public InjectionSettings {
    if (!(threshold > 0) || threshold > 1) {
      throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
    }
  }
}
