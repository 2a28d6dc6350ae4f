package switchboard.wire.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/** The OpenAI error envelope, all four keys always present (wire-formats §1.6). */
public final class OpenAiErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiErrors() {}

  /** The {@code error.type} for each kind, in one place. */
  public static String type(ErrorKind kind) {
    return switch (kind) {
      case INVALID_REQUEST, NOT_FOUND, TOO_LARGE, UPSTREAM_CLIENT_ERROR -> "invalid_request_error";
      case UNAUTHORIZED -> "authentication_error";
      case BUDGET_EXCEEDED -> "budget_exceeded";
      case FORBIDDEN -> "permission_error";
      case RATE_LIMITED -> "rate_limit_error";
      case GUARDRAIL_BLOCKED -> "guardrail_blocked";
      case UPSTREAM_FAILED -> "upstream_error";
      case INTERNAL -> "server_error";
    };
  }

  /** The error as an envelope object. */
  public static ObjectNode envelope(GatewayException error) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode body = root.putObject("error");
    body.put("message", error.getMessage());
    body.put("type", type(error.kind()));
    body.put("param", error.param());
    body.put("code", error.code() != null ? error.code() : defaultCode(error.kind()));
    return root;
  }

  public static Buffer body(GatewayException error) {
    return Buffer.buffer(envelope(error).toString());
  }

  private static String defaultCode(ErrorKind kind) {
    return switch (kind) {
      case UNAUTHORIZED -> "invalid_api_key";
      case NOT_FOUND -> "model_not_found";
      case TOO_LARGE -> "request_too_large";
      case RATE_LIMITED -> "rate_limit_exceeded";
      case BUDGET_EXCEEDED -> "budget_exceeded";
      case UPSTREAM_FAILED -> "all_providers_failed";
      default -> null;
    };
  }
}
