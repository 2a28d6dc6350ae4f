package switchboard.wire.bedrock;

import java.util.Locale;

/**
 * The model family behind a Bedrock model id, which decides the few model-specific fields ({@code
 * additionalModelRequestFields}). Reads plain ids ({@code anthropic.claude-…}), cross-region
 * inference profiles ({@code us.anthropic.…}, {@code global.…}) and ARNs ({@code
 * arn:aws:bedrock:…:inference-profile/eu.meta.…}).
 */
public enum ConverseFamily {
  ANTHROPIC,
  META,
  MISTRAL,
  NOVA,
  OTHER;

  /** The family of a model id. */
  public static ConverseFamily of(String modelId) {
    String id = modelId == null ? "" : modelId.toLowerCase(Locale.ROOT);
    int slash = id.lastIndexOf('/');
    if (id.startsWith("arn:") && slash >= 0) {
      id = id.substring(slash + 1);
    }
    String[] parts = id.split("\\.");
    for (String part : parts.length > 1 ? parts : new String[0]) {
      switch (part) {
        case "anthropic" -> {
          return ANTHROPIC;
        }
        case "meta" -> {
          return META;
        }
        case "mistral" -> {
          return MISTRAL;
        }
        case "amazon" -> {
          return id.contains("nova") ? NOVA : OTHER;
        }
        default -> {
          // a region prefix (us, eu, apac, global…): look at the next part
        }
      }
    }
    return OTHER;
  }
}
