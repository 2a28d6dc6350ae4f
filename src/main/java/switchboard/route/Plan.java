package switchboard.route;

import java.util.List;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayOptions;

/**
 * One request's route: the targets in the order to try them, and whether to hedge.
 *
 * @param policy the policy that ordered it, or null for a plain model (and {@code models})
 * @param hedge null when hedging is off (the default)
 * @param continueStreams whether a text-only stream that breaks after its first content is
 *     continued by the next target ({@link ContinuationPrompt}); off by default
 * @param options the policy's default gateway options ({@code auto_cache}, {@code cache}, {@code
 *     guardrails}), under the request's and key's; {@link GatewayOptions#NONE} when none
 */
public record Plan(
    List<Pick> picks, String policy, Hedge hedge, boolean continueStreams, GatewayOptions options) {

  public Plan(List<Pick> picks, String policy, Hedge hedge) {
    this(picks, policy, hedge, false, GatewayOptions.NONE);
  }

  public Plan(List<Pick> picks, String policy, Hedge hedge, boolean continueStreams) {
    this(picks, policy, hedge, continueStreams, GatewayOptions.NONE);
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
