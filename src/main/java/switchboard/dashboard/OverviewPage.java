package switchboard.dashboard;

/** Placeholder until its admin endpoints are wired. */
final class OverviewPage {
  void show(Visit v) {
    v.render("Overview", "/", io.vertx.core.Future.succeededFuture(""));
  }

  void live(Visit v) {
    v.render("Overview", "/", io.vertx.core.Future.succeededFuture(""));
  }
}
