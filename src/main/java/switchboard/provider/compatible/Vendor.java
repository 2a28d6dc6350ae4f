package switchboard.provider.compatible;

import java.util.Map;
import java.util.Set;

/**
 * One OpenAI-compatible vendor: a row of facts, not a package (wire-formats §6).
 *
 * @param id vendor id, also the default provider id
 * @param defaultBaseUrl base URL ending before {@code /chat/completions}; null when the user must
 *     give one (custom deployments, Azure)
 * @param envPrefix prefix of {@code <PREFIX>_API_KEY} and {@code <PREFIX>_BASE_URL}; null when the
 *     vendor is configured only in the config file
 * @param auth how the key is sent
 * @param acceptsDeveloperRole false converts {@code developer} messages to {@code system}
 * @param droppedParams top-level request fields the vendor rejects, removed before sending
 * @param renamedParams top-level fields the vendor names differently (ours → theirs)
 * @param finishReasons vendor finish reasons mapped to OpenAI's
 * @param nativeBase64Embeddings whether the vendor honours {@code encoding_format: base64}
 * @param flags further quirks, see {@link Quirk}
 */
public record Vendor(
    String id,
    String defaultBaseUrl,
    String envPrefix,
    Auth auth,
    boolean acceptsDeveloperRole,
    Set<String> droppedParams,
    Map<String, String> renamedParams,
    Map<String, String> finishReasons,
    boolean nativeBase64Embeddings,
    Set<Quirk> flags) {

  /** How the provider key travels. */
  public enum Auth {
    BEARER,
    AZURE_API_KEY
  }

  /** Quirks that take more than a table entry. */
  public enum Quirk {
    /**
     * Mistral: tool-call ids must be 9 alphanumerics; {@code tool_choice: required} is {@code any}.
     */
    MISTRAL_TOOLS,
    /** Together: {@code tool_choice: none} is unsupported; drop the tools instead. */
    NONE_TOOL_CHOICE_DROPS_TOOLS,
    /** xAI: {@code completion_tokens} excludes reasoning tokens. */
    REASONING_OUTSIDE_COMPLETION,
    /** Groq: {@code messages[].name} is rejected. */
    NO_MESSAGE_NAME,
    /** Azure: deployment URLs with {@code api-version}. */
    AZURE_DEPLOYMENTS,
    /**
     * The vendor serves OpenAI's Responses API at {@code <base>/responses} with OpenAI's semantics
     * (built-in tools included), so Responses requests pass through untranslated.
     */
    RESPONSES_API,
    /** The vendor takes {@code prompt_cache_key}, which {@code auto_cache} then sets. */
    PROMPT_CACHE_KEY
  }
}
