package switchboard.guard.injection;

import java.util.Locale;

/** What is done when a prompt looks like an injection (SPEC §3), from loosest to strictest. */
public enum InjectionMode {
  OFF,
  /** The answer's {@code x-switchboard-guardrails} header and the request record say so. */
  FLAG,
  /** The request is refused with 400 {@code guardrail_blocked}; no provider is called. */
  BLOCK;

  public InjectionMode tighten(InjectionMode other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** Parses {@code off|flag|block}; null for anything else. */
  public static InjectionMode parse(String s) {
    if (s == null) {
      return null;
    }
    for (InjectionMode m : values()) {
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
