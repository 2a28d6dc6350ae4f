package switchboard.guard.injection;

import java.util.List;
import java.util.Set;

/**
 * One position of a rule: the words that may stand there (exact, or a stem ending in {@code *}),
 * how many other words may come between it and the slot before, and words that break that gap
 * ("ignore <b>my</b> previous instructions" is the user's own business).
 */
record Slot(Set<String> exact, List<String> stems, int gap, Set<String> breakers) {

  boolean matches(String word) {
    if (exact.contains(word)) {
      return true;
    }
    for (String s : stems) {
      if (word.startsWith(s)) {
        return true;
      }
    }
    return false;
  }
}
