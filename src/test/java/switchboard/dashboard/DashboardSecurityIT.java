package switchboard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.access.MutableClock;

/**
 * The dashboard's session and CSRF rules over plain HTTP: cookies' flags, forms refused without the
 * token or from another origin, failed logins slowed down, logout and expiry.
 */
class DashboardSecurityIT {

  private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @TempDir Path data;
  private final MutableClock clock = new MutableClock();
  private DashboardGateway gw;

  @BeforeEach
  void start() {
    gw = DashboardGateway.start(data, clock);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void pagesNeedASignIn() {
    HttpResponse<String> page = get("/keys", null);
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("location")).hasValue("/login?next=%2Fkeys");
    assertThat(get("/", null).headers().firstValue("location")).hasValue("/login");
  }

  @Test
  void signingInSetsAStrictHttpOnlySessionCookie() {
    HttpResponse<String> in = login(DashboardGateway.MASTER_KEY, "/keys", null);
    assertThat(in.statusCode()).isEqualTo(303);
    assertThat(in.headers().firstValue("location")).hasValue("/keys");
    String cookie = setCookie(in, Dashboard.SESSION_COOKIE);
    assertThat(cookie)
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict")
        .doesNotContain("Secure");
    assertThat(get("/keys", session(in)).statusCode()).isEqualTo(200);

    HttpResponse<String> tls = login(DashboardGateway.MASTER_KEY, null, "https");
    assertThat(setCookie(tls, Dashboard.SESSION_COOKIE)).contains("Secure");
  }

  @Test
  void aFormPostedWithoutItsTokenOrFromAnotherOriginChangesNothing() {
    String session = session(login(DashboardGateway.MASTER_KEY, null, null));
    String token = token(get("/keys", session).body());

    HttpResponse<String> replay = postForm("/keys", session, "name=forged", null);
    assertThat(replay.statusCode()).isEqualTo(403);
    assertThat(replay.body()).contains("security token is missing or stale");
    HttpResponse<String> wrong = postForm("/keys", session, "name=forged&_csrf=nope", null);
    assertThat(wrong.statusCode()).isEqualTo(403);
    HttpResponse<String> foreign =
        postForm("/keys", session, "name=forged&_csrf=" + token, "http://evil.example");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(adminKeys()).doesNotContain("forged");

    HttpResponse<String> real = postForm("/keys", session, "name=real&_csrf=" + token, null);
    assertThat(real.statusCode()).isEqualTo(303);
    assertThat(adminKeys()).contains("\"real\"");
  }

  @Test
  void afterLogoutTheSessionAndItsTokenAreDead() {
    String session = session(login(DashboardGateway.MASTER_KEY, null, null));
    String token = token(get("/keys", session).body());
    HttpResponse<String> out = postForm("/logout", session, "_csrf=" + token, null);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(setCookie(out, Dashboard.SESSION_COOKIE)).contains("Max-Age=0");
    assertThat(get("/keys", session).statusCode()).isEqualTo(303);
    HttpResponse<String> replay = postForm("/keys", session, "name=late&_csrf=" + token, null);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(adminKeys()).doesNotContain("late");
  }

  @Test
  void sessionsExpireWhenIdle() {
    String session = session(login(DashboardGateway.MASTER_KEY, null, null));
    clock.advance(Duration.ofMinutes(20));
    assertThat(get("/keys", session).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(31));
    assertThat(get("/keys", session).statusCode()).isEqualTo(303);
  }

  @Test
  void repeatedFailedLoginsAreSlowedDown() {
    for (int i = 0; i < LoginThrottle.FREE; i++) {
      long started = System.nanoTime();
      HttpResponse<String> bad = login("sk-wrong", null, null);
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(bad.body()).contains("That is not the master key");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThan(Duration.ofMillis(300));
    }
    // Now even the right key must wait: the attempt is refused without being checked.
    HttpResponse<String> held = login(DashboardGateway.MASTER_KEY, null, null);
    assertThat(held.statusCode()).isEqualTo(429);
    assertThat(held.body()).contains("Too many failed logins");
    clock.advance(Duration.ofSeconds(3));
    assertThat(login(DashboardGateway.MASTER_KEY, null, null).statusCode()).isEqualTo(303);
  }

  @Test
  void aLoginFormWithoutItsCookieIsRefused() {
    HttpResponse<String> forged =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.url("/login")))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "_csrf=abc&master_key=" + DashboardGateway.MASTER_KEY))
                .build());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().allValues("set-cookie"))
        .noneMatch(c -> c.startsWith(Dashboard.SESSION_COOKIE));
  }

  private HttpResponse<String> login(String key, String next, String forwardedProto) {
    HttpResponse<String> form = get("/login", null);
    String loginCookie = cookieValue(setCookie(form, Dashboard.LOGIN_COOKIE));
    HttpRequest.Builder post =
        HttpRequest.newBuilder(URI.create(gw.url("/login")))
            .header("cookie", Dashboard.LOGIN_COOKIE + "=" + loginCookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "_csrf="
                        + token(form.body())
                        + "&master_key="
                        + key
                        + (next == null ? "" : "&next=" + Forms.urlEncode(next))));
    if (forwardedProto != null) {
      post.header("x-forwarded-proto", forwardedProto);
    }
    return gw.send(post.build());
  }

  private HttpResponse<String> get(String path, String session) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url(path))).GET();
    if (session != null) {
      b.header("cookie", Dashboard.SESSION_COOKIE + "=" + session);
    }
    return gw.send(b.build());
  }

  private HttpResponse<String> postForm(String path, String session, String body, String origin) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(gw.url(path)))
            .header("cookie", Dashboard.SESSION_COOKIE + "=" + session)
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      b.header("origin", origin);
    }
    return gw.send(b.build());
  }

  private String adminKeys() {
    return gw.send(
            HttpRequest.newBuilder(URI.create(gw.url("/admin/v1/keys")))
                .header("authorization", "Bearer " + DashboardGateway.MASTER_KEY)
                .build())
        .body();
  }

  private static String session(HttpResponse<String> login) {
    return cookieValue(setCookie(login, Dashboard.SESSION_COOKIE));
  }

  private static String setCookie(HttpResponse<String> r, String name) {
    List<String> all = r.headers().allValues("set-cookie");
    return all.stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + all));
  }

  private static String cookieValue(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  private static String token(String html) {
    Matcher m = TOKEN.matcher(html);
    assertThat(m.find()).as("a CSRF field in the page").isTrue();
    return m.group(1);
  }
}
