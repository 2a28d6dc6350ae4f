package switchboard.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * Registers admin routes under {@code /admin/v1} and remembers each one for the OpenAPI document,
 * so the description can never miss a route. Handlers may throw {@link GatewayException}; it is
 * rendered in the error envelope.
 */
public final class AdminRoutes {

  /** One registered route, as the OpenAPI document lists it. */
  record Route(HttpMethod method, String path, String summary) {}

  static final String PREFIX = "/admin/v1";

  private final Router router;
  private final List<Route> routes = new ArrayList<>();

  AdminRoutes(Router router) {
    this.router = router;
  }

  /** Adds a route; {@code path} is relative to {@code /admin/v1} and may use {@code :param}. */
  public void add(HttpMethod method, String path, String summary, Handler<RoutingContext> handler) {
    routes.add(new Route(method, path, summary));
    router
        .route(method, PREFIX + path)
        .handler(
            ctx -> {
              try {
                handler.handle(ctx);
              } catch (GatewayException e) {
                AdminReplies.error(ctx, e);
              } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(AdminRoutes.class.getName())
                    .log(
                        java.util.logging.Level.SEVERE,
                        "admin " + method + " " + path + " failed",
                        e);
                AdminReplies.error(
                    ctx,
                    new GatewayException(
                        ErrorKind.INTERNAL, "The admin request failed; see the gateway log."));
              }
            });
  }

  /** The OpenAPI 3.0 description of every registered route. */
  ObjectNode openApi() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode doc = f.objectNode();
    doc.put("openapi", "3.0.3");
    doc.putObject("info").put("title", "Switchboard admin API").put("version", "1");
    doc.putArray("servers").addObject().put("url", PREFIX);
    ObjectNode security = doc.putObject("components").putObject("securitySchemes");
    security.putObject("masterKey").put("type", "http").put("scheme", "bearer");
    doc.putArray("security").addObject().putArray("masterKey");
    ObjectNode paths = doc.putObject("paths");
    for (Route r : routes) {
      String path = r.path().replaceAll(":([A-Za-z_]+)", "{$1}");
      ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
      ObjectNode op = item.putObject(r.method().name().toLowerCase());
      op.put("summary", r.summary());
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(":([A-Za-z_]+)").matcher(r.path());
      while (m.find()) {
        op.withArray("parameters")
            .addObject()
            .put("name", m.group(1))
            .put("in", "path")
            .put("required", true)
            .putObject("schema")
            .put("type", "string");
      }
      ObjectNode responses = op.putObject("responses");
      responses.putObject("200").put("description", "OK (JSON)");
      responses
          .putObject("4XX")
          .put("description", "Error: {\"error\": {\"message\", \"type\", \"param\", \"code\"}}");
    }
    return doc;
  }
}
