package switchboard.dashboard;

/** The sign-in form: the master key, and a one-time token that the login cookie must match. */
final class LoginPage {

  private LoginPage() {}

  static String render(String token, String next, String message) {
    return Layout.bare(
        "Log in",
        "<form method=\"post\" action=\"/login\" class=\"card login\" data-busy>"
            + "<h1>Switchboard</h1>"
            + message
            + "<input type=\"hidden\" name=\"_csrf\" value=\""
            + Html.esc(token)
            + "\">"
            + (next == null
                ? ""
                : "<input type=\"hidden\" name=\"next\" value=\"" + Html.esc(next) + "\">")
            + "<label for=\"master_key\">Master key</label>"
            + "<input type=\"password\" id=\"master_key\" name=\"master_key\" required"
            + " autocomplete=\"current-password\" autofocus>"
            + "<p class=\"hint\">Printed once at the gateway's first start, stored in the data"
            + " directory (<code>master.key</code>), or set with"
            + " <code>SWITCHBOARD_MASTER_KEY</code>.</p>"
            + "<button type=\"submit\" id=\"login\">Log in</button></form>");
  }
}
