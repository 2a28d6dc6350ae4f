package switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;
import switchboard.pipeline.GatewayException;
import switchboard.wire.openai.OpenAiErrors;

/** JSON answers and errors of the admin API (errors in the same envelope as {@code /v1}). */
public final class AdminReplies {

  private AdminReplies() {}

  public static void json(RoutingContext ctx, int status, JsonNode body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.toString());
  }

  public static void error(RoutingContext ctx, GatewayException error) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(error.status())
        .putHeader("content-type", "application/json")
        .end(OpenAiErrors.body(error));
  }
}
