package switchboard.guard.pii;

import java.util.Locale;

/**
 * What is done with personal data found in a prompt (SPEC §3), from the loosest to the strictest: a
 * request may move its key's, policy's or the global mode only further down this list.
 */
public enum PiiMode {
  /** Nothing is looked for. */
  OFF,
  /** Values become numbered placeholders ({@code [EMAIL_1]}); the answer gets them back. */
  REDACT,
  /** Values become their type ({@code [EMAIL]}) for good. */
  MASK,
  /** The request is refused with 400 {@code guardrail_blocked}; no provider is called. */
  BLOCK;

  /** The stricter of the two. */
  public PiiMode tighten(PiiMode other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** Parses {@code off|redact|mask|block}; null for anything else. */
  public static PiiMode parse(String s) {
    if (s == null) {
      return null;
    }
    for (PiiMode m : values()) {
      if (m.name().toLowerCase(Locale.ROOT).equals(s)) {
        return m;
      }
    }
    return null;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
