package switchboard.route;

import java.util.List;
import java.util.Map;
import switchboard.pipeline.Regions;

/**
 * The compiled policies: immutable, rebuilt and swapped as a whole when a policy changes.
 *
 * @param byName every policy by name
 * @param bound {@code key id + '\0' + model} to the policy bound to that key for that model
 */
public record PolicySet(Map<String, Entry> byName, Map<String, String> bound) {

  public static final PolicySet EMPTY = new PolicySet(Map.of(), Map.of());

  /**
   * One named policy.
   *
   * @param primary the model whose requests a bound key routes through this policy
   * @param keys the gateway key ids this policy is bound to ({@code master} until keys exist)
   * @param hedge null when hedging is off
   * @param regions where requests routed by this policy may be served (its own {@code regions} and
   *     those of the policies it nests)
   */
  public record Entry(
      String name,
      Policy policy,
      Hedge hedge,
      String primary,
      List<String> keys,
      boolean continueStreams,
      switchboard.pipeline.GatewayOptions options,
      Regions regions) {

    public Entry {
      regions = regions == null ? Regions.ANY : regions;
    }

    public Entry(
        String name,
        Policy policy,
        Hedge hedge,
        String primary,
        List<String> keys,
        boolean continueStreams) {
      this(name, policy, hedge, primary, keys, continueStreams, null, Regions.ANY);
    }

    /** The policy's default options; {@code NONE} when it sets none. */
    public switchboard.pipeline.GatewayOptions options() {
      return options == null ? switchboard.pipeline.GatewayOptions.NONE : options;
    }
  }

  public PolicySet {
    byName = Map.copyOf(byName);
    bound = Map.copyOf(bound);
  }

  public Entry find(String name) {
    return byName.get(name);
  }

  /** The policy bound to {@code keyId} for requests naming {@code model}, or null. */
  public Entry boundTo(String keyId, String model) {
    if (bound.isEmpty() || keyId == null) {
      return null;
    }
    String name = bound.get(keyId + '\0' + model);
    return name == null ? null : byName.get(name);
  }
}
