package switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;
import java.util.regex.Pattern;
import switchboard.provider.Failure;

/**
 * Anthropic's error envelope ({@code {"type":"error","error":{"type","message"},"request_id"}},
 * wire-formats §3.7) read into its fields, and what each error means for routing (§4.6).
 *
 * @param type the Anthropic error type, e.g. {@code overloaded_error}, or null
 * @param message the message, or null
 */
record ErrorEnvelope(String type, String message) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-ant-[A-Za-z0-9_*.\\-]{6,}");

  /** Reads a non-2xx body: the envelope, a bare error object, or text (HTML from a proxy). */
  static ErrorEnvelope parse(Buffer body) {
    String text = body == null ? "" : body.toString().trim();
    try {
      JsonNode root = JSON.readTree(text);
      if (root != null && root.isObject()) {
        return of(root);
      }
    } catch (Exception notJson) {
      // fall through: plain text, e.g. a load balancer's page
    }
    return new ErrorEnvelope(
        null, text.isEmpty() ? null : text.length() > 300 ? text.substring(0, 300) + "…" : text);
  }

  /** Reads the envelope or the inner {@code error} object of a stream {@code error} event. */
  static ErrorEnvelope of(JsonNode node) {
    JsonNode error = node.path("error").isObject() ? node.get("error") : node;
    return new ErrorEnvelope(text(error.get("type")), text(error.get("message")));
  }

  /** What the error means for routing; the type decides, the status where the type says nothing. */
  Failure failure(int status) {
    String t = type == null ? "" : type;
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    switch (t) {
      case "overloaded_error":
        return Failure.OVERLOADED;
      case "rate_limit_error":
        return Failure.RATE_LIMITED;
      case "authentication_error", "permission_error":
        return Failure.KEY_REJECTED;
      case "billing_error":
        return Failure.QUOTA_EXHAUSTED;
      case "timeout_error":
        return Failure.TIMEOUT;
      case "api_error":
        return Failure.SERVER_ERROR;
      case "invalid_request_error":
        if (m.contains("prompt is too long")
            || m.contains("context window")
            || m.contains("context length")) {
          return Failure.CONTEXT_LENGTH;
        }
        // a billing problem is sometimes reported as an invalid request
        if (m.contains("credit balance is too low")) {
          return Failure.QUOTA_EXHAUSTED;
        }
        return status >= 500 ? Failure.SERVER_ERROR : Failure.BAD_REQUEST;
      default:
        break;
    }
    return switch (status) {
      case 401, 403 -> Failure.KEY_REJECTED;
      case 402 -> Failure.QUOTA_EXHAUSTED;
      case 408, 504 -> Failure.TIMEOUT;
      case 429 -> Failure.RATE_LIMITED;
      case 529 -> Failure.OVERLOADED;
      default -> status >= 500 || status == 0 ? Failure.SERVER_ERROR : Failure.BAD_REQUEST;
    };
  }

  /** Masks the provider key and anything shaped like an Anthropic key. */
  static String redact(String message, String providerKey) {
    if (message == null) {
      return null;
    }
    String out = message;
    if (providerKey != null && providerKey.length() >= 4) {
      out = out.replace(providerKey, "***");
    }
    return KEY_LIKE.matcher(out).replaceAll("sk-ant-***");
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }
}
