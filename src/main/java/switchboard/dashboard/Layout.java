package switchboard.dashboard;

import java.util.List;

/** The page shell: head, navigation, the one-shot message, the page's own content. */
final class Layout {

  record Nav(String path, String label) {}

  static final List<Nav> NAV =
      List.of(
          new Nav("/", "Overview"),
          new Nav("/requests", "Requests"),
          new Nav("/keys", "Keys"),
          new Nav("/policies", "Policies"),
          new Nav("/providers", "Providers"),
          new Nav("/settings", "Settings"));

  private Layout() {}

  static String page(String title, String active, Session session, String content) {
    StringBuilder nav = new StringBuilder();
    for (Nav n : NAV) {
      nav.append("<a href=\"")
          .append(n.path())
          .append('"')
          .append(n.path().equals(active) ? " aria-current=\"page\"" : "")
          .append('>')
          .append(n.label())
          .append("</a>");
    }
    return head(title)
        + "<body><a class=\"skip\" href=\"#main\">Skip to content</a>"
        + "<header class=\"top\"><a class=\"brand\" href=\"/\">Switchboard</a>"
        + "<nav aria-label=\"Main\">"
        + nav
        + "</nav>"
        + "<form method=\"post\" action=\"/logout\" class=\"logout\">"
        + csrf(session)
        + "<button type=\"submit\" class=\"link\" id=\"logout\">Log out</button></form></header>"
        + "<main id=\"main\" tabindex=\"-1\"><h1>"
        + Html.esc(title)
        + "</h1>"
        + flash(session.takeFlash())
        + content
        + "</main><div id=\"busy\" class=\"busy\" hidden role=\"status\">Working…</div>"
        + "<script src=\"/assets/uPlot.iife.min.js\"></script><script src=\"/assets/dashboard.js\"></script></body></html>";
  }

  /** A page for signed-out visitors (the login form). */
  static String bare(String title, String content) {
    return head(title)
        + "<body class=\"bare\"><main id=\"main\">"
        + content
        + "</main><script src=\"/assets/dashboard.js\"></script></body></html>";
  }

  /** The hidden CSRF field every state-changing form carries. */
  static String csrf(Session session) {
    return "<input type=\"hidden\" name=\"_csrf\" value=\"" + Html.esc(session.csrf) + "\">";
  }

  /** A message block in the page: errors are shown here, never as a stack trace. */
  static String message(boolean error, String text) {
    return "<p class=\""
        + (error ? "msg error" : "msg ok")
        + "\" role=\""
        + (error ? "alert" : "status")
        + "\">"
        + Html.esc(text)
        + "</p>";
  }

  /** An empty state: what is missing and what to do next. */
  static String empty(String what, String next) {
    return "<div class=\"empty\"><p><strong>"
        + Html.esc(what)
        + "</strong></p><p>"
        + next
        + "</p></div>";
  }

  private static String flash(Session.Flash f) {
    if (f == null) {
      return "";
    }
    String out = message(f.error(), f.message());
    if (f.secret() != null) {
      out +=
          "<div class=\"secret\" id=\"new-secret\"><code id=\"secret-value\">"
              + Html.esc(f.secret())
              + "</code> <button type=\"button\" data-copy=\"secret-value\">Copy</button>"
              + "<p class=\"hint\">This secret is shown once: store it now."
              + " The gateway keeps only its hash.</p></div>";
    }
    return out;
  }

  private static String head(String title) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + Html.esc(title)
        + " · Switchboard</title>"
        + "<link rel=\"stylesheet\" href=\"/assets/uPlot.min.css\">"
        + "<link rel=\"stylesheet\" href=\"/assets/dashboard.css\"></head>";
  }
}
