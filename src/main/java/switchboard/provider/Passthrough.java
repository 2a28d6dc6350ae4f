package switchboard.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Optional: a provider whose upstream speaks a dialect clients speak too (Anthropic's Messages,
 * Gemini's generateContent), so a client's own body can go to it untranslated.
 */
public interface Passthrough extends Provider {

  /**
   * Prepares a chat request whose body is already in this provider's own dialect: every field is
   * kept, only {@code model} is set and what the gateway must add (auth, version headers, usage in
   * streams) is added. May change {@code body} in place.
   */
  UpstreamRequest passthrough(ObjectNode body, String model, boolean stream);
}
