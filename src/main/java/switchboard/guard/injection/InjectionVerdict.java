package switchboard.guard.injection;

import java.util.List;

/**
 * How much a text looks like a prompt injection.
 *
 * @param score 0 to 1: one minus the product of one minus each signal's weight
 * @param signals the rules and signals that fired, by id (never the text that fired them)
 */
public record InjectionVerdict(
    double score, boolean flagged, double threshold, List<String> signals) {

  public static InjectionVerdict clean(double threshold) {
    return new InjectionVerdict(0, false, threshold, List.of());
  }
}
