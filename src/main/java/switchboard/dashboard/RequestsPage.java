package switchboard.dashboard;

/** Placeholder until its admin endpoints are wired. */
final class RequestsPage {
  void list(Visit v) {
    v.render("Requests", "/", io.vertx.core.Future.succeededFuture(""));
  }

  void detail(Visit v) {
    v.render("Requests", "/", io.vertx.core.Future.succeededFuture(""));
  }
}
