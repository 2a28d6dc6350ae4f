package switchboard.admin;

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

  /**
   * The OpenAPI 3.0 description: the written document ({@code admin/openapi.yaml}, with the
   * schemas) for every registered route it describes, a bare entry marked {@code x-undocumented}
   * for each one it does not (AdminOpenApiIT fails on those), and nothing for routes not
   * registered.
   */
  ObjectNode openApi() {
    ObjectNode doc = written();
    ObjectNode paths = doc.with("paths");
    java.util.Set<String> registered = new java.util.HashSet<>();
    for (Route r : routes) {
      String path = r.path().replaceAll(":([A-Za-z_]+)", "{$1}");
      String method = r.method().name().toLowerCase(java.util.Locale.ROOT);
      registered.add(method + " " + path);
      ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
      if (item.has(method)) {
        continue;
      }
      ObjectNode op = item.putObject(method);
      op.put("summary", r.summary());
      op.put("x-undocumented", true);
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
      op.putObject("responses").putObject("default").put("description", "Not documented yet");
    }
    java.util.List<String> names = new java.util.ArrayList<>();
    paths.fieldNames().forEachRemaining(names::add);
    for (String path : names) {
      ObjectNode item = (ObjectNode) paths.get(path);
      for (String method : List.of("get", "put", "post", "patch", "delete")) {
        if (item.has(method) && !registered.contains(method + " " + path)) {
          item.remove(method);
        }
      }
      if (!item.has("get")
          && !item.has("put")
          && !item.has("post")
          && !item.has("patch")
          && !item.has("delete")) {
        paths.remove(path);
      }
    }
    return doc;
  }

  /** The written document, read from the jar (a fresh copy each time: it is changed above). */
  static ObjectNode written() {
    try (java.io.InputStream in = AdminRoutes.class.getResourceAsStream("/admin/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("admin/openapi.yaml is missing from the jar");
      }
      return (ObjectNode)
          new com.fasterxml.jackson.databind.ObjectMapper(
                  new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
              .readTree(in);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("admin/openapi.yaml does not parse", e);
    }
  }
}
