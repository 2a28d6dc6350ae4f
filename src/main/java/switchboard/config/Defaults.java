package switchboard.config;

import java.util.List;

/**
 * The gateway-wide defaults operators set in {@code settings:} (file) or {@code
 * /admin/v1/settings}: what a request gets when neither it, its key nor its policy says otherwise.
 * Immutable; read the one in force with {@link SettingsBook#defaults()} on every request (a
 * volatile read), so a change applies to the next request.
 *
 * @param autoCache whether auto_cache marks prompts for provider caching by default
 * @param cache the exact-match response cache's default
 * @param guardrails the guardrail modes applied by default
 */
public record Defaults(boolean autoCache, ResponseCache cache, Guardrails guardrails) {

  public static final Defaults NONE =
      new Defaults(false, new ResponseCache(false, 300), new Guardrails("off", "off", null));

  /**
   * @param enabled whether answers are cached and served from the cache by default
   * @param ttlSeconds how long a cached answer is served
   */
  public record ResponseCache(boolean enabled, long ttlSeconds) {}

  /**
   * @param pii {@code off}, {@code redact}, {@code mask} or {@code block}
   * @param injection {@code off}, {@code flag} or {@code block}
   * @param injectionThreshold the score from which a prompt counts as an injection; null for the
   *     detector's own default
   * @param injectionJudge the LLM judge asked about borderline scores, or null for none
   */
  public record Guardrails(
      String pii,
      String injection,
      Double injectionThreshold,
      switchboard.guard.InjectionSettings.Judge injectionJudge) {

    public Guardrails(String pii, String injection, Double injectionThreshold) {
      this(pii, injection, injectionThreshold, null);
    }

    public static final List<String> PII_MODES = List.of("off", "redact", "mask", "block");
    public static final List<String> INJECTION_MODES = List.of("off", "flag", "block");

    /** The threshold in force: the one set, or the detector's default. */
    public double threshold() {
      return injectionThreshold == null
          ? switchboard.guard.injection.InjectionDetector.DEFAULT_THRESHOLD
          : injectionThreshold;
    }
  }

  /**
   * A webhook that receives the gateway's events (budget alerts: {@code budget.threshold}), signed
   * like the {@code alerts:} webhook.
   */
  public record Webhook(String url, String secret, List<String> events) {
    public Webhook {
      events = List.copyOf(events);
      secret = secret == null ? "" : secret;
    }

    @Override
    public String toString() {
      return "Webhook[" + url + "]"; // never the secret
    }
  }
}
