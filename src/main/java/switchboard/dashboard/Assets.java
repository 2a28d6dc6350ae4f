package switchboard.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's static files, read once from the jar: its own stylesheet and script, and uPlot
 * from its webjar. A fixed list, so no path from a URL ever reaches the class loader.
 */
final class Assets {

  static final String PREFIX = "/assets/";
  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private record Asset(Buffer bytes, String type) {}

  private final Map<String, Asset> files =
      Map.of(
          "dashboard.css", load("switchboard/dashboard/dashboard.css", "text/css"),
          "dashboard.js", load("switchboard/dashboard/dashboard.js", "text/javascript"),
          "uPlot.min.css", load(UPLOT + "uPlot.min.css", "text/css"),
          "uPlot.iife.min.js", load(UPLOT + "uPlot.iife.min.js", "text/javascript"));

  void serve(RoutingContext ctx) {
    Asset asset = files.get(ctx.request().path().substring(PREFIX.length()));
    if (asset == null) {
      ctx.response().setStatusCode(404).putHeader("content-type", "text/plain").end("Not found");
      return;
    }
    ctx.response()
        .putHeader("content-type", asset.type() + "; charset=utf-8")
        .putHeader("cache-control", "public, max-age=3600")
        .putHeader("x-content-type-options", "nosniff")
        .end(asset.bytes());
  }

  private static Asset load(String resource, String type) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("dashboard asset missing from the jar: " + resource);
      }
      return new Asset(Buffer.buffer(in.readAllBytes()), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
