package switchboard.dashboard;

/** Placeholder until its admin endpoints are wired. */
final class SettingsPage {
  void show(Visit v) {
    v.render("Settings", "/", io.vertx.core.Future.succeededFuture(""));
  }

  void export(Visit v) {
    v.render("Settings", "/", io.vertx.core.Future.succeededFuture(""));
  }

  void save(Visit v) {
    v.render("Settings", "/", io.vertx.core.Future.succeededFuture(""));
  }

  void importYaml(Visit v) {
    v.render("Settings", "/", io.vertx.core.Future.succeededFuture(""));
  }
}
