package switchboard.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import switchboard.provider.Failure;

/**
 * Reads and classifies Gemini's error envelope {@code {"error":{"code","message","status",
 * "details"}}} (wire-formats §5.5), also when wrapped in an array as the compatible endpoint does.
 */
final class GeminiErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Google API keys ({@code AIza…}) and anything else key-shaped, masked in messages. */
  private static final Pattern KEY_LIKE =
      Pattern.compile("\\b(AIza|(?:sk|key)-)[A-Za-z0-9_\\-]{6,}");

  private static final Pattern DELAY = Pattern.compile("^(\\d+(?:\\.\\d+)?)s$");

  /**
   * One error, fields possibly null.
   *
   * @param code the HTTP status Gemini names in the body, 0 when none
   * @param status the RPC status ({@code RESOURCE_EXHAUSTED}…)
   * @param reason the {@code ErrorInfo} reason ({@code API_KEY_INVALID}…)
   * @param retryDelay the {@code RetryInfo} delay
   */
  record Parsed(int code, String message, String status, String reason, Duration retryDelay) {}

  private GeminiErrors() {}

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
      // plain-text or HTML error page
    }
    String message =
        text.isEmpty() ? null : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    return new Parsed(0, message, null, null, null);
  }

  static Parsed parse(JsonNode error) {
    if (error == null || !error.isObject()) {
      return new Parsed(0, error == null ? null : error.asText(), null, null, null);
    }
    String reason = null;
    Duration delay = null;
    for (JsonNode detail : error.path("details")) {
      String type = detail.path("@type").asText("");
      if (type.endsWith("google.rpc.ErrorInfo") && detail.hasNonNull("reason")) {
        reason = detail.get("reason").asText();
      } else if (type.endsWith("google.rpc.RetryInfo")) {
        delay = delay(detail.path("retryDelay").asText(""));
      }
    }
    return new Parsed(
        error.path("code").asInt(0),
        text(error.get("message")),
        text(error.get("status")),
        reason,
        delay);
  }

  /** What the error means for routing. */
  static Failure failureOf(int httpStatus, Parsed p) {
    int status = httpStatus >= 400 ? httpStatus : p.code();
    String rpc = p.status() == null ? "" : p.status();
    String reason = p.reason() == null ? "" : p.reason();
    String message = p.message() == null ? "" : p.message().toLowerCase(Locale.ROOT);
    if (reason.startsWith("API_KEY")
        || status == 401
        || status == 403
        || rpc.equals("UNAUTHENTICATED")
        || rpc.equals("PERMISSION_DENIED")) {
      return Failure.KEY_REJECTED; // the gateway's key: never the client's fault
    }
    if (status == 429 || rpc.equals("RESOURCE_EXHAUSTED")) {
      return Failure.RATE_LIMITED;
    }
    if (status == 503 || rpc.equals("UNAVAILABLE")) {
      return Failure.OVERLOADED;
    }
    if (status == 504 || rpc.equals("DEADLINE_EXCEEDED")) {
      return Failure.TIMEOUT;
    }
    if (status >= 500 || rpc.equals("INTERNAL")) {
      return Failure.SERVER_ERROR;
    }
    if (message.contains("input token count")
        || message.contains("maximum number of tokens")
        || message.contains("exceeds the context")) {
      return Failure.CONTEXT_LENGTH;
    }
    if (rpc.equals("FAILED_PRECONDITION")) {
      // e.g. "User location is not supported", free tier unavailable: this account, not the
      // request.
      return Failure.KEY_REJECTED;
    }
    return status == 0 ? Failure.SERVER_ERROR : Failure.BAD_REQUEST;
  }

  /** Masks the provider key and anything key-shaped. */
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

  /** {@code "37s"}, {@code "8.27s"} → a duration; null when unreadable. */
  static Duration delay(String text) {
    var m = DELAY.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    return Duration.ofMillis(new BigDecimal(m.group(1)).movePointRight(3).longValue());
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }
}
