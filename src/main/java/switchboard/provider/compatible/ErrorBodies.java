package switchboard.provider.compatible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.util.regex.Pattern;

/**
 * Reads the error bodies of the OpenAI family into one shape: nested OpenAI, flat Mistral/vLLM,
 * arrays (Gemini's compatible endpoint), numeric codes (OpenRouter, llama.cpp), {@code type: null}
 * (Azure), plain text.
 */
final class ErrorBodies {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KEY_LIKE =
      Pattern.compile("\\b((?:sk|key|xai)-|gsk_)[A-Za-z0-9_*.\\-]{6,}");

  /** The fields of an error, any of them possibly null. */
  record Parsed(String message, String type, String code, String param) {}

  private ErrorBodies() {}

  static Parsed parse(Buffer body) {
    String text = body == null ? "" : body.toString().trim();
    try {
      JsonNode root = JSON.readTree(text);
      if (root != null && root.isArray() && !root.isEmpty()) {
        root = root.get(0);
      }
      if (root != null && root.isObject()) {
        return parse(root.has("error") ? root.get("error") : root);
      }
    } catch (Exception notJson) {
      // fall through: plain-text or HTML error pages
    }
    return new Parsed(text.isEmpty() ? null : abbreviate(text), null, null, null);
  }

  static Parsed parse(JsonNode error) {
    if (error.isTextual()) {
      return new Parsed(error.asText(), null, null, null);
    }
    return new Parsed(
        text(error.get("message")),
        text(error.get("type")),
        text(error.get("code")),
        text(error.get("param")));
  }

  /** Masks anything that looks like a credential, and the given provider key itself. */
  static String redact(String message, String providerKey) {
    if (message == null) {
      return null;
    }
    String out = message;
    if (providerKey != null && providerKey.length() >= 4) {
      out = out.replace(providerKey, "***");
    }
    return KEY_LIKE.matcher(out).replaceAll("$1***");
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
