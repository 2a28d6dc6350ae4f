package switchboard.route;

import java.util.List;
import switchboard.pipeline.Exchange;

/**
 * One request's route: the targets in the order to try them, and whether to hedge.
 *
 * @param policy the policy that ordered it, or null for a plain model (and {@code models})
 * @param hedge null when hedging is off (the default)
 * @param continueStreams whether a text-only stream that breaks after its first content is
 *     continued by the next target ({@link Continuation}); off by default
 */
public record Plan(List<Pick> picks, String policy, Hedge hedge, boolean continueStreams) {

  public Plan(List<Pick> picks, String policy, Hedge hedge) {
    this(picks, policy, hedge, false);
  }

  /** Where the admission stage leaves the plan for the route stage. */
  public static final Exchange.Slot<Plan> SLOT = new Exchange.Slot<>("plan");

  public Plan {
    picks = List.copyOf(picks);
  }

  public List<Target> targets() {
    return picks.stream().map(Pick::target).toList();
  }
}
