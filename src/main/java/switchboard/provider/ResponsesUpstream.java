package switchboard.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Optional: a provider whose upstream may serve OpenAI's Responses API ({@code /v1/responses}); a
 * Responses request then goes to it untranslated.
 */
public interface ResponsesUpstream extends Provider {

  /** Whether this deployment serves it (a vendor row decides; not every compatible vendor does). */
  boolean servesResponses();

  /**
   * Prepares a Responses API request from the client's Responses body (gateway extensions removed):
   * only {@code model} is set. May change {@code body} in place.
   */
  UpstreamRequest responses(ObjectNode body, String model, boolean stream);

  /** Whether {@code provider} takes a Responses request untranslated. */
  static boolean serves(Provider provider) {
    return provider instanceof ResponsesUpstream r && r.servesResponses();
  }
}
