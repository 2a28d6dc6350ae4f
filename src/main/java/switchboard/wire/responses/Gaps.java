package switchboard.wire.responses;

import switchboard.pipeline.GatewayException;

/**
 * Collects what a Responses request asks for that the canonical (Chat Completions) shape cannot
 * carry: built-in tools only OpenAI runs (web search, file search, code interpreter…), items only
 * OpenAI keeps. The request is still valid (an OpenAI upstream takes it as it is), so nothing is
 * thrown while reading: the first gap becomes the 400 given when another model is chosen.
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
                  + " is run only by OpenAI's Responses API: it is supported only when the request"
                  + " is served by an OpenAI model (openai/...), and this model cannot run it.");
    }
  }

  GatewayException first() {
    return first;
  }
}
