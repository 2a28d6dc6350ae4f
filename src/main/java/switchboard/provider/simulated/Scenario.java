package switchboard.provider.simulated;

import java.util.Locale;

/**
 * What a simulated model does, chosen by its name: {@code sim/<scenario>} or {@code
 * sim/<scenario>-<anything>}; any other name is {@link #NORMAL}.
 */
public enum Scenario {
  /** Answers normally at the configured speed (the configured failure rate applies). */
  NORMAL,
  /** First token after ten times the configured latency. */
  SLOW,
  /** Half of the requests fail with 503. */
  FLAKY,
  /** Every request fails with 503. */
  DOWN,
  /** 429 with {@code retry-after: 1}. */
  RATE_LIMITED,
  /** 529 overloaded. */
  OVERLOADED,
  /** 401: the provider rejects the gateway's key. */
  BAD_KEY,
  /** Streams break (connection reset) after a few chunks; non-streaming answers are cut. */
  BROKEN_STREAM,
  /** Streams fail with an in-band error event before any content. */
  ERROR_EVENT,
  /** Answers malformed JSON. */
  GARBAGE,
  /** Accepts the request and never answers. */
  HANG,
  /** 400 context_length_exceeded for prompts over 50 tokens. */
  SMALL_CONTEXT;

  /** The scenario a model name asks for. */
  public static Scenario of(String model) {
    String name = model.toLowerCase(Locale.ROOT);
    for (Scenario s : values()) {
      String key = s.slug();
      if (name.equals(key) || name.startsWith(key + "-")) {
        return s;
      }
    }
    return NORMAL;
  }

  /** The name used in model ids, e.g. {@code rate-limited}. */
  public String slug() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
