package switchboard.guard.injection;

import java.util.List;
import java.util.Set;

/**
 * A sequence of slots that, found in order in a text's normalised words, signals an injection.
 *
 * @param id {@code category/line} for the signal list
 * @param weight the signal's contribution to the score
 * @param after words that, right after a match, undo it
 */
record Rule(String id, double weight, List<Slot> slots, Set<String> after) {

  /** How many words after a match are checked for {@link #after}'s words. */
  private static final int AFTER = 2;

  /** Whether the rule matches with its first slot at word {@code at}; returns the end or -1. */
  int matchFrom(List<String> words, int at) {
    int end = match(words, 1, at);
    for (int k = end; end >= 0 && k < Math.min(words.size(), end + AFTER); k++) {
      if (after.contains(words.get(k))) {
        return -1; // "the earlier rules I gave you": the speaker's own instructions
      }
    }
    return end;
  }

  private int match(List<String> words, int k, int pos) {
    if (k == slots.size()) {
      return pos + 1;
    }
    Slot slot = slots.get(k);
    int last = Math.min(words.size() - 1, pos + 1 + slot.gap());
    for (int j = pos + 1; j <= last; j++) {
      String w = words.get(j);
      if (slot.matches(w)) {
        int end = match(words, k + 1, j);
        if (end >= 0) {
          return end;
        }
      }
      if (slot.breakers().contains(w)) {
        return -1;
      }
    }
    return -1;
  }
}
