package switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;
import switchboard.provider.Failure;

/**
 * Reads Bedrock's errors: the type from the {@code x-amzn-ErrorType} header ({@code
 * ValidationException:http://internal.amazon.com/…}) or the body's {@code __type} ({@code
 * com.amazon.coral.service#UnrecognizedClientException}), the text from {@code message} or {@code
 * Message}. Stream exceptions name the same types in lower camel case ({@code
 * throttlingException}).
 */
final class BedrockErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The parts of an error; either may be null. */
  record Parsed(String type, String message) {}

  private BedrockErrors() {}

  static Parsed parse(MultiMap headers, Buffer body) {
    String type = headers == null ? null : headers.get("x-amzn-ErrorType");
    String message = null;
    String text = body == null ? "" : body.toString().trim();
    try {
      JsonNode root = text.isEmpty() ? null : JSON.readTree(text);
      if (root != null && root.isObject()) {
        if (type == null && root.hasNonNull("__type")) {
          type = root.get("__type").asText();
        }
        JsonNode m = root.has("message") ? root.get("message") : root.get("Message");
        message = m == null || m.isNull() ? null : m.asText();
      }
    } catch (Exception notJson) {
      message = text.isEmpty() ? null : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
    return new Parsed(bareType(type), message);
  }

  /**
   * {@code ValidationException:http://…} and {@code …#ValidationException} → {@code
   * ValidationException}.
   */
  static String bareType(String type) {
    if (type == null || type.isBlank()) {
      return null;
    }
    String out = type.trim();
    int colon = out.indexOf(':');
    if (colon > 0) {
      out = out.substring(0, colon);
    }
    int hash = out.lastIndexOf('#');
    return hash >= 0 ? out.substring(hash + 1) : out;
  }

  /** What an error of {@code type} (any case) with {@code status} (0 when in-band) means. */
  static Failure failure(int status, String type, String message) {
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    switch (t) {
      case "throttlingexception" -> {
        return Failure.RATE_LIMITED;
      }
      case "servicequotaexceededexception" -> {
        return Failure.QUOTA_EXHAUSTED;
      }
      case "serviceunavailableexception", "modelnotreadyexception" -> {
        return Failure.OVERLOADED;
      }
      case "internalserverexception", "modelerrorexception", "modelstreamerrorexception" -> {
        return Failure.SERVER_ERROR;
      }
      case "modeltimeoutexception" -> {
        return Failure.TIMEOUT;
      }
      case "accessdeniedexception",
          "unrecognizedclientexception",
          "expiredtokenexception",
          "invalidsignatureexception",
          "incompletesignatureexception",
          "missingauthenticationtokenexception",
          "invalidclienttokenid" -> {
        return Failure.KEY_REJECTED;
      }
      case "validationexception" -> {
        return tooLong(m) ? Failure.CONTEXT_LENGTH : Failure.BAD_REQUEST;
      }
      case "resourcenotfoundexception" -> {
        return Failure.BAD_REQUEST;
      }
      default -> {
        // unknown type: fall back on the status
      }
    }
    if (status >= 400 && status < 500 && status != 429 && tooLong(m)) {
      return Failure.CONTEXT_LENGTH;
    }
    return switch (status) {
      case 401, 403 -> Failure.KEY_REJECTED;
      case 408 -> Failure.TIMEOUT;
      case 429 -> Failure.RATE_LIMITED;
      case 503 -> Failure.OVERLOADED;
      case 0 -> Failure.SERVER_ERROR; // an in-band exception of a type we do not know
      default -> status >= 500 || status == 424 ? Failure.SERVER_ERROR : Failure.BAD_REQUEST;
    };
  }

  /** Bedrock's wordings for a prompt over the context window. */
  private static boolean tooLong(String m) {
    return m.contains("input is too long")
        || m.contains("too many tokens")
        || m.contains("too many input tokens")
        || m.contains("prompt is too long")
        || m.contains("context length")
        || m.contains("context window")
        || m.contains("maximum context");
  }

  /** The status an in-band (stream) exception stands for, per the ConverseStream reference. */
  static int statusOf(String type) {
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "throttlingexception" -> 429;
      case "validationexception" -> 400;
      case "modelstreamerrorexception" -> 424;
      case "serviceunavailableexception" -> 503;
      default -> 500;
    };
  }
}
