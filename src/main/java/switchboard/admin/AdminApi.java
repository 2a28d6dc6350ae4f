package switchboard.admin;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * {@code /admin/v1/*}: configuration and state for operators (SPEC §4), authenticated with the
 * master key. Each feature contributes an {@link AdminModule}; they are listed in {@code Gateway}.
 */
public final class AdminApi {

  private static final long MAX_BODY = 4L * 1024 * 1024;

  private AdminApi() {}

  public static void mount(Router router, String masterKey, List<AdminModule> modules) {
    byte[] master = masterKey.getBytes(StandardCharsets.UTF_8);
    router
        .route(AdminRoutes.PREFIX + "/*")
        .handler(
            ctx -> {
              String header = ctx.request().getHeader("authorization");
              String presented =
                  header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                      ? header.substring(7).trim()
                      : null;
              if (presented == null
                  || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), master)) {
                AdminReplies.error(
                    ctx,
                    new GatewayException(
                        ErrorKind.UNAUTHORIZED,
                        "The admin API needs the master key: 'Authorization: Bearer <master key>'."));
                return;
              }
              ctx.next();
            });
    router
        .route(AdminRoutes.PREFIX + "/*")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    AdminRoutes routes = new AdminRoutes(router);
    for (AdminModule module : modules) {
      module.register(routes);
    }
    routes.add(
        HttpMethod.GET,
        "/openapi.json",
        "This document: every admin route",
        ctx -> AdminReplies.json(ctx, 200, routes.openApi()));
    router
        .route(AdminRoutes.PREFIX + "/*")
        .handler(
            ctx ->
                AdminReplies.error(
                    ctx,
                    new GatewayException(
                        ErrorKind.NOT_FOUND,
                        404,
                        "Unknown admin endpoint: "
                            + ctx.request().method()
                            + " "
                            + ctx.request().path(),
                        null,
                        "unknown_url",
                        null)));
  }
}
