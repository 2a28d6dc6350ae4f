package switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.fake.ImageServer;

/** The media fetcher against a loopback image server: limits, types, redirects, addresses. */
class MediaFetcherTest {

  private static final Set<String> PNG_JPEG = Set.of("image/png", "image/jpeg");
  // A total time far above what a loopback fetch takes, even on a loaded machine; the timeout test
  // has its own short one.
  private static final MediaSettings ALLOW_PRIVATE =
      new MediaSettings(1024, Duration.ofSeconds(2), Duration.ofSeconds(20), 2, true);
  private static final MediaSettings ONE_SECOND =
      new MediaSettings(1024, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, true);

  private static Vertx vertx;
  private static ImageServer images;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    images = ImageServer.start();
  }

  @AfterAll
  static void stop() {
    images.close();
    vertx.close();
  }

  private static Object await(Future<Fetched> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Object fetch(MediaSettings settings, String path) {
    return await(new MediaFetcher(vertx, settings).fetch(images.url(path), PNG_JPEG));
  }

  private static String failure(Object outcome) {
    assertThat(outcome).isInstanceOf(FetchFailed.class);
    return ((FetchFailed) outcome).getMessage();
  }

  /** Only the image server's own address passes; every other address is judged as in production. */
  private static MediaFetcher onlyTheImageServer(MediaSettings settings) {
    return new MediaFetcher(
        vertx,
        settings,
        address ->
            address.getHostAddress().equals("127.0.0.1") ? null : BlockedAddresses.reason(address));
  }

  @Test
  void fetchesAnImageWithItsType() {
    Fetched fetched = (Fetched) fetch(ALLOW_PRIVATE, "/cat.png");
    assertThat(fetched.mediaType()).isEqualTo("image/png");
    assertThat(fetched.bytes()).isEqualTo(ImageServer.PNG);
    assertThat(fetched.dataUrl())
        .isEqualTo(
            "data:image/png;base64,"
                + java.util.Base64.getEncoder().encodeToString(ImageServer.PNG));
  }

  @Test
  void anUntypedImageIsRecognisedByItsBytes() {
    assertThat(((Fetched) fetch(ALLOW_PRIVATE, "/untyped.png")).mediaType()).isEqualTo("image/png");
  }

  @Test
  void loopbackIsRefusedUnlessPrivateFetchesAreAllowed() {
    MediaSettings strict =
        new MediaSettings(1024, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, false);
    int before = images.asked().size();
    assertThat(failure(fetch(strict, "/cat.png"))).contains("127.0.0.1").contains("loopback");
    assertThat(
            failure(
                await(
                    new MediaFetcher(vertx, strict)
                        .fetch("http://localhost:" + images.port() + "/cat.png", PNG_JPEG))))
        .contains("loopback");
    assertThat(images.asked()).hasSize(before); // refused before any connection
  }

  @Test
  void aRedirectToAPrivateAddressIsRefused() {
    MediaSettings strict =
        new MediaSettings(1024, Duration.ofSeconds(2), Duration.ofSeconds(5), 3, false);
    MediaFetcher fetcher = onlyTheImageServer(strict);
    assertThat(await(fetcher.fetch(images.url("/cat.png"), PNG_JPEG))).isInstanceOf(Fetched.class);
    assertThat(
            failure(
                await(
                    fetcher.fetch(
                        images.url("/redirect?to=http://169.254.169.254/latest/meta-data/"),
                        PNG_JPEG))))
        .contains("169.254.169.254")
        .contains("link-local");
    assertThat(
            failure(
                await(fetcher.fetch(images.url("/redirect?to=http://10.0.0.7/cat.png"), PNG_JPEG))))
        .contains("private");
    assertThat(
            failure(
                await(
                    fetcher.fetch(
                        images.url("/redirect?to=http://[::ffff:127.0.0.2]/cat.png"), PNG_JPEG))))
        .contains("loopback");
  }

  @Test
  void redirectsAreFollowedWithinTheLimit() {
    String once = images.url("/redirect?to=/cat.png");
    assertThat(await(new MediaFetcher(vertx, ALLOW_PRIVATE).fetch(once, PNG_JPEG)))
        .isInstanceOf(Fetched.class);
    String thrice =
        images.url(
            "/redirect?to="
                + java.net.URLEncoder.encode(
                    "/redirect?to="
                        + java.net.URLEncoder.encode(
                            "/redirect?to=/cat.png", java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.UTF_8));
    assertThat(failure(await(new MediaFetcher(vertx, ALLOW_PRIVATE).fetch(thrice, PNG_JPEG))))
        .contains("more than 2 redirects");
  }

  @Test
  void anImageOverTheSizeLimitIsRefused() {
    assertThat(((Fetched) fetch(ALLOW_PRIVATE, "/big?bytes=1024")).bytes()).hasSize(1024);
    assertThat(failure(fetch(ALLOW_PRIVATE, "/big?bytes=1025")))
        .contains("larger than the limit of 1024 bytes");
    assertThat(failure(fetch(ALLOW_PRIVATE, "/chunked?bytes=5000")))
        .contains("larger than the limit of 1024 bytes");
  }

  @Test
  void aServerThatNeverAnswersIsCutAtTheTimeout() {
    assertThat(failure(fetch(ONE_SECOND, "/slow"))).contains("did not arrive within 1000 ms");
  }

  @Test
  void aTypeTheProviderDoesNotTakeIsRefused() {
    assertThat(failure(fetch(ALLOW_PRIVATE, "/page.html")))
        .contains("text/html")
        .contains("image/jpeg, image/png");
    assertThat(
            failure(
                await(
                    new MediaFetcher(vertx, ALLOW_PRIVATE)
                        .fetch(images.url("/photo.jpg"), Set.of("image/png")))))
        .contains("image/jpeg");
  }

  @Test
  void errorsAndBadUrlsAreFailuresNotExceptions() {
    assertThat(failure(fetch(ALLOW_PRIVATE, "/missing"))).contains("HTTP 404");
    assertThat(
            failure(await(new MediaFetcher(vertx, ALLOW_PRIVATE).fetch("ftp://x/y.png", PNG_JPEG))))
        .contains("only http and https");
    assertThat(
            failure(
                await(
                    new MediaFetcher(vertx, ALLOW_PRIVATE)
                        .fetch("http://no-such-host.invalid/cat.png", PNG_JPEG))))
        .contains("could not be resolved");
  }

  @Test
  void settingsComeFromTheEnvironment() {
    MediaSettings s =
        MediaSettings.fromEnv(
            java.util.Map.of(
                "SWITCHBOARD_MEDIA_MAX_BYTES", "5",
                "SWITCHBOARD_MEDIA_CONNECT_TIMEOUT_MS", "7",
                "SWITCHBOARD_MEDIA_TIMEOUT_MS", "9",
                "SWITCHBOARD_MEDIA_MAX_REDIRECTS", "0",
                "SWITCHBOARD_MEDIA_ALLOW_PRIVATE", "true"));
    assertThat(s)
        .isEqualTo(new MediaSettings(5, Duration.ofMillis(7), Duration.ofMillis(9), 0, true));
    assertThat(MediaSettings.fromEnv(java.util.Map.of())).isEqualTo(MediaSettings.DEFAULT);
    assertThat(MediaSettings.DEFAULT.maxBytes()).isEqualTo(20L * 1024 * 1024);
    assertThat(MediaSettings.DEFAULT.allowPrivate()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                MediaSettings.fromEnv(java.util.Map.of("SWITCHBOARD_MEDIA_ALLOW_PRIVATE", "maybe")))
        .hasMessageContaining("SWITCHBOARD_MEDIA_ALLOW_PRIVATE");
  }
}
