package switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/** Body reading and answers for admin handlers whose work completes later (storage). */
final class AsyncReplies {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = Logger.getLogger(AsyncReplies.class.getName());

  private AsyncReplies() {}

  /** The request body as JSON; 400 when it is not. */
  static JsonNode body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw GatewayException.invalid(null, "The request body is empty; expected a JSON object.");
    }
    try {
      return JSON.readTree(ctx.body().buffer().getBytes());
    } catch (Exception e) {
      throw GatewayException.invalid(null, "The request body is not valid JSON.");
    }
  }

  /** Answers with the future's JSON, or its failure in the error envelope. */
  static void reply(RoutingContext ctx, int status, Future<? extends JsonNode> result) {
    result.onComplete(
        done -> {
          if (done.succeeded()) {
            AdminReplies.json(ctx, status, done.result());
          } else if (done.cause() instanceof GatewayException e) {
            AdminReplies.error(ctx, e);
          } else {
            LOG.log(Level.SEVERE, "admin " + ctx.request().path() + " failed", done.cause());
            AdminReplies.error(
                ctx,
                new GatewayException(
                    ErrorKind.INTERNAL, "The admin request failed; see the gateway log."));
          }
        });
  }
}
