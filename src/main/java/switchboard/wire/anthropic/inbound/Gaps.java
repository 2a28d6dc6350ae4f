package switchboard.wire.anthropic.inbound;

import switchboard.pipeline.GatewayException;

/**
 * Collects what an Anthropic request asks for that the canonical (OpenAI) shape cannot carry. The
 * request is still valid (an Anthropic upstream takes it as it is), so nothing is thrown while
 * reading: the first gap becomes the 400 given when a non-Anthropic model is chosen.
 */
final class Gaps {

  private GatewayException first;

  /** Notes one feature that has no canonical equivalent; only the first one is reported. */
  void note(String param, String what) {
    if (first == null) {
      first =
          GatewayException.invalid(
              param,
              what
                  + " is supported only when the request is served by an Anthropic model (anthropic/...).");
    }
  }

  GatewayException first() {
    return first;
  }
}
