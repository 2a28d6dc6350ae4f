package switchboard.guard;

import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import switchboard.pipeline.GuardFindings;

/**
 * Counts what the guardrails find in one request as they walk it: values per personal-data type,
 * the PII action, the injection verdict. Never the values: the record gets only these counts.
 */
final class Findings {

  private final SortedMap<String, Integer> types = new TreeMap<>();
  private String piiAction;
  private Double injectionScore;
  private String injectionAction;

  void type(String name) {
    types.merge(name, 1, Integer::sum);
  }

  boolean hasTypes() {
    return !types.isEmpty();
  }

  Set<String> typeNames() {
    return types.keySet();
  }

  /** What was done with the personal data found: {@code redact}, {@code mask} or {@code block}. */
  void pii(String action) {
    this.piiAction = action;
  }

  /** A flagged injection: its score and {@code flag} or {@code block}. */
  void injection(double score, String action) {
    this.injectionScore = score;
    this.injectionAction = action;
  }

  /** The findings for the record, or null when nothing was found. */
  GuardFindings done() {
    if (piiAction == null && injectionAction == null) {
      return null;
    }
    return new GuardFindings(
        piiAction, piiAction == null ? null : types, injectionScore, injectionAction);
  }
}
