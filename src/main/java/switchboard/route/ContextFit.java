package switchboard.route;

import java.util.ArrayList;
import java.util.List;

/** Where a prompt too long for one target may go next. */
final class ContextFit {

  private ContextFit() {}

  /**
   * The remaining targets worth trying after {@code failed} said the prompt exceeds its context
   * window: those known to have a larger window first (in plan order), then those whose window the
   * catalog does not know; a known window no larger than the failed one cannot help and is dropped.
   * When the failed target's own window is unknown nothing can be judged, so the rest is kept as
   * planned.
   */
  static List<Target> after(Target failed, List<Target> remaining) {
    if (failed.contextWindow() <= 0) {
      return remaining;
    }
    List<Target> larger = new ArrayList<>();
    List<Target> unknown = new ArrayList<>();
    for (Target t : remaining) {
      if (t.contextWindow() > failed.contextWindow()) {
        larger.add(t);
      } else if (t.contextWindow() <= 0) {
        unknown.add(t);
      }
    }
    larger.addAll(unknown);
    return larger;
  }
}
