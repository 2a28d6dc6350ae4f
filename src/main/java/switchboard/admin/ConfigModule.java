package switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import switchboard.config.ConfigDocument;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * {@code /admin/v1/config}: the whole configuration as one document in {@code switchboard.yaml}'s
 * format, YAML with {@code Accept: application/yaml} (JSON otherwise); {@code PUT} imports one
 * (YAML when its {@code Content-Type} says so), checked as a whole before anything changes.
 */
public final class ConfigModule implements AdminModule {

  private final ConfigDocument document;

  public ConfigModule(ConfigDocument document) {
    this.document = document;
  }

  @Override
  public void register(AdminRoutes routes) {
    routes.add(
        HttpMethod.GET,
        "/config",
        "Export the whole configuration (YAML with Accept: application/yaml), secrets masked",
        ctx -> answer(ctx, document.export()));
    routes.add(
        HttpMethod.PUT,
        "/config",
        "Import a whole configuration: checked as a whole, applied at once or not at all",
        ctx -> {
          if (ctx.body() == null || ctx.body().length() == 0) {
            throw GatewayException.invalid(null, "The request body is empty; expected a document.");
          }
          String type = String.valueOf(ctx.request().getHeader("content-type"));
          JsonNode doc =
              ConfigDocument.parse(ctx.body().buffer().getBytes(), type.contains("yaml"));
          document
              .importDocument(doc)
              .onComplete(
                  done -> {
                    if (done.succeeded()) {
                      answer(ctx, done.result());
                    } else if (done.cause() instanceof GatewayException e) {
                      AdminReplies.error(ctx, e);
                    } else {
                      java.util.logging.Logger.getLogger(ConfigModule.class.getName())
                          .log(
                              java.util.logging.Level.SEVERE, "config import failed", done.cause());
                      AdminReplies.error(
                          ctx,
                          new GatewayException(
                              ErrorKind.INTERNAL,
                              "The configuration could not be saved; nothing changed. See the"
                                  + " gateway log."));
                    }
                  });
        });
  }

  private static void answer(RoutingContext ctx, JsonNode doc) {
    String accept = String.valueOf(ctx.request().getHeader("accept"));
    if (accept.contains("yaml")) {
      ctx.response()
          .setStatusCode(200)
          .putHeader("content-type", "application/yaml")
          .end(ConfigDocument.yaml(doc));
    } else {
      AdminReplies.json(ctx, 200, doc);
    }
  }
}
