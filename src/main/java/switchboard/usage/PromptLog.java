package switchboard.usage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Whether request records keep the prompt's text: off by default, since prompts hold what users
 * typed; when on ({@code SWITCHBOARD_LOG_PROMPTS=true}) the body is kept up to {@code
 * SWITCHBOARD_LOG_PROMPTS_MAX_CHARS} characters (default 8,192), marked where it was cut.
 */
public record PromptLog(boolean enabled, int maxChars) {

  public static final PromptLog OFF = new PromptLog(false, 0);
  static final int DEFAULT_MAX_CHARS = 8192;

  public PromptLog {
    if (enabled && maxChars < 1) {
      throw new IllegalArgumentException("SWITCHBOARD_LOG_PROMPTS_MAX_CHARS must be at least 1");
    }
  }

  /** From the environment; throws {@link IllegalArgumentException} naming a bad variable. */
  public static PromptLog fromEnv(Map<String, String> env) {
    String on = env.getOrDefault("SWITCHBOARD_LOG_PROMPTS", "false").strip();
    if (!on.equalsIgnoreCase("true") && !on.equalsIgnoreCase("false") && !on.isEmpty()) {
      throw new IllegalArgumentException("SWITCHBOARD_LOG_PROMPTS must be true or false: " + on);
    }
    if (!on.equalsIgnoreCase("true")) {
      return OFF;
    }
    String max = env.get("SWITCHBOARD_LOG_PROMPTS_MAX_CHARS");
    try {
      return new PromptLog(
          true, max == null || max.isBlank() ? DEFAULT_MAX_CHARS : Integer.parseInt(max.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "SWITCHBOARD_LOG_PROMPTS_MAX_CHARS must be a whole number: " + max, e);
    }
  }

  /** The text to keep for {@code body}, or null when logging is off. */
  public String capture(JsonNode body) {
    if (!enabled || body == null) {
      return null;
    }
    String text = body.toString();
    if (text.length() <= maxChars) {
      return text;
    }
    return text.substring(0, maxChars) + "…[truncated " + (text.length() - maxChars) + " chars]";
  }
}
