package switchboard.guard;

import com.fasterxml.jackson.databind.JsonNode;
import switchboard.guard.injection.InjectionMode;
import switchboard.guard.pii.PiiMode;

/**
 * The guardrail modes in force for one request: the global ones, tightened by the key's and then
 * the request's (SPEC §3: a request may tighten, never loosen).
 */
public record GuardModes(PiiMode pii, InjectionMode injection) {

  public static final GuardModes OFF = new GuardModes(PiiMode.OFF, InjectionMode.OFF);

  /** These modes made at least as strict as {@code options} ({@code {"pii", "injection"}}). */
  public GuardModes tightenedBy(JsonNode options) {
    if (options == null || !options.isObject()) {
      return this;
    }
    PiiMode p = PiiMode.parse(options.path("pii").textValue());
    InjectionMode i = InjectionMode.parse(options.path("injection").textValue());
    return new GuardModes(
        p == null ? pii : pii.tighten(p), i == null ? injection : injection.tighten(i));
  }

  public boolean off() {
    return pii == PiiMode.OFF && injection == InjectionMode.OFF;
  }
}
