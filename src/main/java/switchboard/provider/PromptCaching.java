package switchboard.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Optional: a provider whose upstream has a prompt cache the gateway can steer for {@code
 * auto_cache} (SPEC §3): breakpoints on the stable prefix (Anthropic, Claude on Bedrock), or a
 * {@code prompt_cache_key} for upstreams that cache by themselves (OpenAI). A provider without it
 * serves {@code auto_cache} requests unchanged. Each method is its {@link Provider} counterpart
 * with the cache marked in the upstream's own dialect, before anything is signed or serialised.
 */
public interface PromptCaching {

  /** {@link Provider#chat}, prompt cache marked. */
  UpstreamRequest cachedChat(ObjectNode body, String model, boolean stream);

  /** {@link Passthrough#passthrough}, prompt cache marked; the client's own breakpoints kept. */
  default UpstreamRequest cachedPassthrough(ObjectNode body, String model, boolean stream) {
    return ((Passthrough) this).passthrough(body, model, stream);
  }

  /** {@link ResponsesUpstream#responses}, prompt cache marked. */
  default UpstreamRequest cachedResponses(ObjectNode body, String model, boolean stream) {
    return ((ResponsesUpstream) this).responses(body, model, stream);
  }

  /** {@code provider.chat}, or its cached form when {@code autoCache} and the provider has one. */
  static UpstreamRequest chat(
      Provider provider, boolean autoCache, ObjectNode body, String model, boolean stream) {
    return autoCache && provider instanceof PromptCaching c
        ? c.cachedChat(body, model, stream)
        : provider.chat(body, model, stream);
  }

  /** {@code provider.passthrough}, likewise. */
  static UpstreamRequest passthrough(
      Passthrough provider, boolean autoCache, ObjectNode body, String model, boolean stream) {
    return autoCache && provider instanceof PromptCaching c
        ? c.cachedPassthrough(body, model, stream)
        : provider.passthrough(body, model, stream);
  }

  /** {@code provider.responses}, likewise. */
  static UpstreamRequest responses(
      ResponsesUpstream provider,
      boolean autoCache,
      ObjectNode body,
      String model,
      boolean stream) {
    return autoCache && provider instanceof PromptCaching c
        ? c.cachedResponses(body, model, stream)
        : provider.responses(body, model, stream);
  }
}
