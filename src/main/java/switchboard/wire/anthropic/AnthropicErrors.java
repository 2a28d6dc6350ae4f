package switchboard.wire.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import switchboard.pipeline.GatewayException;

/**
 * The Anthropic error envelope used on {@code /v1/messages} (wire-formats §3.7): {@code
 * {"type":"error","error":{"type","message"},"request_id"}}, and its in-stream {@code error} event.
 */
public final class AnthropicErrors {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AnthropicErrors() {}

  /**
   * The Anthropic {@code error.type} for an HTTP status. 502 and 503 (the gateway's "every provider
   * failed") map to {@code api_error}, not {@code overloaded_error}: the attempts may have failed
   * for any reason (keys, timeouts, outages), and {@code overloaded_error} claims a specific one;
   * only a real 529 says overloaded. Other 4xx → {@code invalid_request_error} (as Anthropic does
   * for unlisted 4xx), other 5xx → {@code api_error}.
   */
  public static String type(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 504 -> "timeout_error";
      case 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  /** The envelope object; {@code request_id} only when known. */
  public static ObjectNode envelope(int status, String message, String requestId) {
    ObjectNode root = NODES.objectNode();
    root.put("type", "error");
    ObjectNode error = root.putObject("error");
    error.put("type", type(status));
    error.put("message", message == null ? "" : message);
    if (requestId != null) {
      root.put("request_id", requestId);
    }
    return root;
  }

  /** The JSON body of an error answer with HTTP {@code status}. */
  public static Buffer body(int status, String message, String requestId) {
    return Buffer.buffer(envelope(status, message, requestId).toString());
  }

  /** The JSON body for a gateway failure: its status and message (never holds secrets). */
  public static Buffer body(GatewayException error, String requestId) {
    return body(error.status(), error.getMessage(), requestId);
  }

  /**
   * One SSE {@code error} event ({@code event: error}, the envelope without {@code request_id}),
   * what Anthropic sends when a stream breaks after its 200.
   *
   * @param anthropicType an Anthropic error type, e.g. {@code overloaded_error}
   */
  public static Buffer errorEvent(String anthropicType, String message) {
    ObjectNode root = NODES.objectNode();
    root.put("type", "error");
    root.putObject("error")
        .put("type", anthropicType)
        .put("message", message == null ? "" : message);
    return Buffer.buffer("event: error\ndata: " + root + "\n\n");
  }
}
