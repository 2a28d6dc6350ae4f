package switchboard.guard;

import switchboard.guard.injection.InjectionDetector;

/**
 * How the injection guardrail judges, as the settings say now ({@code guardrails.injection_*}):
 * read per request, so a change applies to the next one.
 *
 * @param threshold the score from which a text counts as an injection, in (0, 1]
 * @param judge the LLM judge asked about borderline scores, or null when there is none
 */
public record InjectionSettings(double threshold, Judge judge) {

  public static final InjectionSettings DEFAULT =
      new InjectionSettings(InjectionDetector.DEFAULT_THRESHOLD, null);

  public InjectionSettings {
    if (!(threshold > 0) || threshold > 1) {
      throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
    }
  }

  /** Whether the judge is asked about a text of this score: it lies in [low, high). */
  public boolean borderline(double score) {
    return judge != null && score >= judge.low() && score < judge.high(threshold);
  }

  /**
   * The second stage ({@code guardrails.injection_judge}).
   *
   * @param model the judge, {@code provider/model}, reached through the gateway itself
   * @param low the lowest score the judge is asked about
   * @param high the score from which it is no longer asked, or null for the threshold in force
   * @param timeoutMs how long the user's request waits for the verdict before the detector decides
   */
  public record Judge(String model, double low, Double high, long timeoutMs) {

    public double high(double threshold) {
      return high == null ? threshold : high;
    }
  }
}
