package switchboard.guard;

import switchboard.guard.injection.InjectionDetector;
import switchboard.guard.injection.InjectionMode;
import switchboard.guard.pii.PiiMode;
import switchboard.guard.pii.PiiScanner;

/**
 * The gateway's guardrails: the PII scanner, the injection detector with its threshold, and the
 * global modes that keys, policies and requests may only tighten (SPEC §3). Built once in {@code
 * Gateway}; thread-safe.
 *
 * @param pii the global PII mode
 * @param injection the global injection mode
 */
public record Guardrails(
    PiiScanner scanner, InjectionDetector detector, PiiMode pii, InjectionMode injection) {

  /** Detection on, nothing done with it: a request or key turns a mode on. */
  public static Guardrails defaults() {
    return new Guardrails(
        new PiiScanner(), new InjectionDetector(), PiiMode.OFF, InjectionMode.OFF);
  }
}
