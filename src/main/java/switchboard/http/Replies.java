package switchboard.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;
import switchboard.route.Target;
import switchboard.wire.anthropic.AnthropicErrors;
import switchboard.wire.openai.OpenAiErrors;

/**
 * Writes answers on the inbound APIs: errors in the envelope of the client's dialect (OpenAI's, or
 * Anthropic's on {@code /v1/messages}), the gateway's headers.
 */
final class Replies {

  static final String JSON = "application/json";

  private Replies() {}

  /** Writes an error in the OpenAI envelope; a non-gateway exception becomes a bare 500. */
  static int error(HttpServerResponse response, Throwable failure) {
    return error(response, failure, Dialect.OPENAI);
  }

  /** The dialect of the API a path belongs to: {@code /v1/messages} speaks Anthropic's. */
  static Dialect dialectOf(String path) {
    return path != null && path.startsWith("/v1/messages") ? Dialect.ANTHROPIC : Dialect.OPENAI;
  }

  /** Writes an error in {@code dialect}'s envelope; a non-gateway exception becomes a bare 500. */
  static int error(HttpServerResponse response, Throwable failure, Dialect dialect) {
    GatewayException error =
        failure instanceof GatewayException g
            ? g
            : new GatewayException(
                ErrorKind.INTERNAL,
                "The gateway failed to process the request."
                    + " It has been logged with the request id.");
    if (response.ended() || response.headWritten()) {
      if (!response.ended()) {
        response.end();
      }
      return error.status();
    }
    int status = error.status() == 499 ? 499 : error.status();
    response.setStatusCode(status);
    response.putHeader("content-type", JSON);
    if (error.retryAfter() != null) {
      response.putHeader("retry-after", Long.toString(Math.max(1, error.retryAfter().toSeconds())));
    }
    response.end(
        dialect == Dialect.ANTHROPIC
            ? AnthropicErrors.body(error, response.headers().get("x-request-id"))
            : OpenAiErrors.body(error));
    return status;
  }

  /** The {@code x-switchboard-*} headers of an answer a provider served. */
  static void served(HttpServerResponse response, Target target, int attempts, String cost) {
    response.putHeader("x-switchboard-provider", target.provider().id());
    response.putHeader("x-switchboard-model", target.name());
    response.putHeader("x-switchboard-attempts", Integer.toString(attempts));
    response.putHeader("x-switchboard-cache", "bypass");
    if (cost != null) {
      response.putHeader("x-switchboard-cost-usd", cost);
    }
  }

  static void json(HttpServerResponse response, int status, Buffer body) {
    response.setStatusCode(status).putHeader("content-type", JSON).end(body);
  }
}
