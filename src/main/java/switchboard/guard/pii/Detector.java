package switchboard.guard.pii;

import java.util.List;

/** Finds one kind of personal data. Implementations are stateless and thread-safe. */
interface Detector {

  /**
   * Adds every finding in {@code text} to {@code out}, in any order; overlaps are resolved later.
   */
  void find(String text, List<PiiFinding> out);
}
