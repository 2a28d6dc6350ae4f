package switchboard.dashboard;

/** Placeholder until its admin endpoints are wired. */
final class ProvidersPage {
  void show(Visit v) {
    v.render("Providers", "/", io.vertx.core.Future.succeededFuture(""));
  }

  void save(Visit v) {
    v.render("Providers", "/", io.vertx.core.Future.succeededFuture(""));
  }

  void toggle(Visit v) {
    v.render("Providers", "/", io.vertx.core.Future.succeededFuture(""));
  }
}
