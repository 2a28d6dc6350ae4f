package switchboard.pipeline;

/**
 * The wire formats the gateway speaks, inbound and upstream. The canonical model between them is
 * the OpenAI Chat Completions shape (a Jackson tree): every codec translates its dialect to and
 * from it, so four codecs replace twelve pairwise translators, and a request whose inbound and
 * upstream dialects match passes through untranslated.
 */
public enum Dialect {
  /** OpenAI Chat Completions, and every OpenAI-compatible vendor. */
  OPENAI,
  /** Anthropic Messages. */
  ANTHROPIC,
  /** Google Gemini {@code generateContent}. */
  GEMINI,
  /** AWS Bedrock Converse. */
  BEDROCK,
  /**
   * OpenAI's Responses API: an inbound API only. OpenAI-format providers that also serve it ({@code
   * Provider.servesResponses}) take it untranslated.
   */
  RESPONSES
}
