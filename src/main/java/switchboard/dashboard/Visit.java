package switchboard.dashboard;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One signed-in request: its routing context, its session, and the admin API to work with. */
record Visit(RoutingContext ctx, Session session, AdminClient admin) {

  private static final Logger LOG = Logger.getLogger(Visit.class.getName());

  /** A query parameter, trimmed; null when absent or blank. */
  String query(String name) {
    return blankToNull(ctx.queryParams().get(name));
  }

  /** A form field, trimmed; null when absent or blank. */
  String form(String name) {
    return blankToNull(ctx.request().getFormAttribute(name));
  }

  /** Every value of a repeated form field, in document order, blanks included. */
  List<String> forms(String name) {
    return ctx.request().formAttributes().getAll(name);
  }

  /** Renders {@code content} in the layout; a failure becomes a message in the page. */
  void render(String title, String active, Future<String> content) {
    content.onComplete(
        done -> {
          String body;
          if (done.succeeded()) {
            body = done.result();
          } else {
            LOG.log(
                Level.WARNING, "dashboard page " + ctx.request().path() + " failed", done.cause());
            body =
                Layout.message(
                    true,
                    "This page could not be loaded: the admin API did not answer ("
                        + done.cause().getClass().getSimpleName()
                        + "). Try again in a moment.");
          }
          html(200, Layout.page(title, active, session, body));
        });
  }

  void html(int status, String page) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(page);
  }

  /** Post/redirect/get: a form's answer is a redirect, so a reload never posts twice. */
  void redirect(String to) {
    ctx.response().setStatusCode(303).putHeader("location", to).end();
  }

  void flash(boolean error, String message) {
    session.flash(new Session.Flash(error, message, null));
  }

  /**
   * After an admin call made by a form: flash its error (or {@code done}) and go back to {@code
   * to}.
   */
  void afterAction(Future<AdminClient.Reply> call, String done, String to) {
    call.onComplete(
        r -> {
          if (r.failed()) {
            flash(true, "The admin API did not answer; nothing was changed.");
          } else if (!r.result().ok()) {
            flash(true, r.result().error());
          } else if (done != null) {
            flash(false, done);
          }
          redirect(to);
        });
  }

  private static String blankToNull(String value) {
    if (value == null) {
      return null;
    }
    String s = value.strip();
    return s.isEmpty() ? null : s;
  }
}
