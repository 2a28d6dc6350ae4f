package switchboard.provider.simulated;

/**
 * How the built-in simulated providers behave by default; a model name can ask for a scenario (see
 * {@link Scenario}).
 *
 * @param enabled whether {@code sim/…} models are served (always on in demo mode)
 * @param firstTokenMillis delay before the first token (and before a non-streaming answer)
 * @param tokensPerSecond streaming speed after the first token; 0 sends all at once
 * @param failureRate share of requests (0..1) that fail with 503, to rehearse flakiness
 */
public record SimSettings(
    boolean enabled, long firstTokenMillis, double tokensPerSecond, double failureRate) {

  public static final SimSettings DEFAULT = new SimSettings(false, 150, 60, 0);

  public SimSettings withEnabled(boolean on) {
    return new SimSettings(on, firstTokenMillis, tokensPerSecond, failureRate);
  }
}
