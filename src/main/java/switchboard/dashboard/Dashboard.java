package switchboard.dashboard;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

/**
 * The web dashboard at {@code /} (SPEC §4): server-rendered pages over the admin API, every route
 * in the list of {@link #mount}. Signing in with the master key opens a session (an HttpOnly,
 * SameSite=Strict cookie, Secure over TLS); every POST must carry the session's CSRF token and,
 * when the browser sends one, a same-origin {@code Origin}.
 */
public final class Dashboard {

  static final String SESSION_COOKIE = "sb_session";
  static final String LOGIN_COOKIE = "sb_login";
  private static final long MAX_FORM = 1024 * 1024;

  private final Vertx vertx;
  private final byte[] masterKey;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final AdminClient admin;
  private final Assets assets = new Assets();

  private final OverviewPage overview = new OverviewPage();
  private final RequestsPage requests = new RequestsPage();
  private final KeysPage keys = new KeysPage();
  private final PoliciesPage policies = new PoliciesPage();
  private final ProvidersPage providers = new ProvidersPage();
  private final SettingsPage settings = new SettingsPage();

  /**
   * One dashboard per gateway: its sessions are shared by the routers of every event loop, so build
   * it once and {@link #mount} it on each.
   */
  public static Dashboard create(Vertx vertx, String masterKey, Clock clock) {
    return new Dashboard(vertx, masterKey, clock);
  }

  private Dashboard(Vertx vertx, String masterKey, Clock clock) {
    this.vertx = vertx;
    this.masterKey = masterKey.getBytes(StandardCharsets.UTF_8);
    this.sessions = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(12));
    this.throttle = new LoginThrottle(clock);
    this.admin = new AdminClient(vertx, masterKey);
  }

  /** Adds the dashboard's routes: pages, form actions, live updates and assets. */
  public void mount(Router router) {
    Dashboard d = this;
    router.get(Assets.PREFIX + "*").handler(d.assets::serve);
    router.get("/login").handler(d::loginForm);
    router.post("/login").handler(d.form()).handler(d::login);
    d.post(router, "/logout", d::logout);

    d.get(router, "/", overview::show);
    d.get(router, "/overview/live", overview::live);

    d.get(router, "/requests", requests::list);
    d.get(router, "/requests/:id", requests::detail);

    d.get(router, "/keys", keys::show);
    d.post(router, "/keys", keys::create);
    d.post(router, "/keys/:id/update", keys::update);
    d.post(router, "/keys/:id/rotate", keys::rotate);
    d.post(router, "/keys/:id/revoke", keys::revoke);

    d.get(router, "/policies", policies::show);
    d.post(router, "/policies", policies::save);
    d.post(router, "/policies/:name/delete", policies::delete);

    d.get(router, "/providers", providers::show);
    d.post(router, "/providers", providers::save);
    d.post(router, "/providers/:id/toggle", providers::toggle);

    d.get(router, "/settings", settings::show);
    d.get(router, "/settings/config.yaml", settings::export);
    d.post(router, "/settings", settings::save);
    d.post(router, "/settings/config", settings::importYaml);
  }

  private void get(Router router, String path, Handler<Visit> page) {
    router.get(path).handler(this::headers).handler(ctx -> signedIn(ctx, page));
  }

  private void post(Router router, String path, Handler<Visit> action) {
    router
        .post(path)
        .handler(form())
        .handler(this::headers)
        .handler(
            ctx ->
                signedIn(
                    ctx,
                    visit -> {
                      if (!sameOrigin(ctx) || !csrfMatches(ctx, visit.session())) {
                        refused(ctx);
                        return;
                      }
                      action.handle(visit);
                    }));
  }

  private BodyHandler form() {
    return BodyHandler.create(false).setBodyLimit(MAX_FORM);
  }

  private void headers(RoutingContext ctx) {
    secure(ctx);
    ctx.next();
  }

  /** Headers that keep the pages out of frames, sniffing and other origins' scripts. */
  private static void secure(RoutingContext ctx) {
    ctx.response()
        .putHeader(
            "content-security-policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
                + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        .putHeader("x-frame-options", "DENY")
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "same-origin");
  }

  private void signedIn(RoutingContext ctx, Handler<Visit> then) {
    Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
    Session session = sessions.find(cookie == null ? null : cookie.getValue());
    if (session == null) {
      if (ctx.request().method() == HttpMethod.GET
          && !"text/event-stream".equals(ctx.request().getHeader("accept"))) {
        String next = ctx.request().uri();
        ctx.response()
            .setStatusCode(303)
            .putHeader(
                "location", "/login" + (next.equals("/") ? "" : "?next=" + Forms.urlEncode(next)))
            .end();
      } else {
        ctx.response()
            .setStatusCode(401)
            .putHeader("content-type", "text/html; charset=utf-8")
            .end(
                Layout.bare(
                    "Signed out",
                    Layout.message(true, "Your session has ended.")
                        + "<p><a href=\"/login\">Log in again</a></p>"));
      }
      return;
    }
    then.handle(new Visit(ctx, session, admin));
  }

  private static boolean csrfMatches(RoutingContext ctx, Session session) {
    String token = ctx.request().getFormAttribute("_csrf");
    if (token == null) {
      token = ctx.request().getHeader("x-csrf-token");
    }
    return token != null
        && MessageDigest.isEqual(
            token.getBytes(StandardCharsets.UTF_8), session.csrf.getBytes(StandardCharsets.UTF_8));
  }

  /** A browser's {@code Origin}, when it sends one, must be this gateway. */
  private static boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("origin");
    if (origin == null) {
      return true;
    }
    try {
      URI uri = URI.create(origin);
      String host = uri.getHost() == null ? "" : uri.getHost();
      String authority = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
      String expected = ctx.request().getHeader("host");
      return expected != null && (expected.equalsIgnoreCase(authority));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void refused(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(403)
        .putHeader("content-type", "text/html; charset=utf-8")
        .end(
            Layout.bare(
                "Refused",
                Layout.message(
                        true,
                        "This form was refused: its security token is missing or stale."
                            + " Nothing was changed.")
                    + "<p><a href=\"/\">Back to the dashboard</a></p>"));
  }

  private void loginForm(RoutingContext ctx) {
    secure(ctx);
    loginPage(ctx, 200, null);
  }

  private void loginPage(RoutingContext ctx, int status, String error) {
    String token = Sessions.token();
    ctx.response()
        .addCookie(cookie(ctx, LOGIN_COOKIE, token).setMaxAge(Duration.ofHours(1).toSeconds()));
    String next = ctx.request().getParam("next");
    String info =
        ctx.request().getParam("bye") != null ? Layout.message(false, "You are logged out.") : "";
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(LoginPage.render(token, next, error == null ? info : Layout.message(true, error)));
  }

  private void login(RoutingContext ctx) {
    secure(ctx);
    String address = ctx.request().remoteAddress().hostAddress();
    Cookie loginCookie = ctx.request().getCookie(LOGIN_COOKIE);
    String token = ctx.request().getFormAttribute("_csrf");
    if (loginCookie == null
        || token == null
        || !MessageDigest.isEqual(
            loginCookie.getValue().getBytes(StandardCharsets.UTF_8),
            token.getBytes(StandardCharsets.UTF_8))) {
      loginPage(ctx, 403, "The login form expired. Please try again.");
      return;
    }
    long wait = throttle.waitMs(address);
    if (wait > 0) {
      loginPage(
          ctx,
          429,
          "Too many failed logins from your address: try again in "
              + ((wait + 999) / 1000)
              + " s.");
      return;
    }
    String key = ctx.request().getFormAttribute("master_key");
    if (key == null
        || !MessageDigest.isEqual(key.strip().getBytes(StandardCharsets.UTF_8), masterKey)) {
      throttle.failed(address);
      // Every failure also costs the guesser time, spent on a timer rather than a thread.
      vertx.setTimer(
          400, id -> loginPage(ctx, 401, "That is not the master key. Check it and try again."));
      return;
    }
    throttle.succeeded(address);
    Session session = sessions.open();
    ctx.response()
        .addCookie(cookie(ctx, SESSION_COOKIE, session.id).setMaxAge(sessions.maxAge().toSeconds()))
        .addCookie(cookie(ctx, LOGIN_COOKIE, "").setMaxAge(0));
    ctx.response().setStatusCode(303).putHeader("location", safeNext(ctx)).end();
  }

  private void logout(Visit visit) {
    sessions.close(visit.session().id);
    visit.ctx().response().addCookie(cookie(visit.ctx(), SESSION_COOKIE, "").setMaxAge(0));
    visit.redirect("/login?bye=1");
  }

  /** Only a path of this site: never another origin ({@code //host} or a scheme). */
  private static String safeNext(RoutingContext ctx) {
    String next = ctx.request().getFormAttribute("next");
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.startsWith("/\\")
        || next.startsWith("/login")) {
      return "/";
    }
    return next;
  }

  private static Cookie cookie(RoutingContext ctx, String name, String value) {
    boolean tls =
        ctx.request().isSSL()
            || "https".equalsIgnoreCase(ctx.request().getHeader("x-forwarded-proto"));
    return Cookie.cookie(name, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(tls);
  }
}
