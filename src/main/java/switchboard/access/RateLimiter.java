package switchboard.access;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * Requests and tokens per minute per key, over fixed one-minute windows of the injected clock.
 * Tokens are taken at admission (prompt plus the requested {@code max_tokens}) and corrected to the
 * real count at settlement. A refusal is a 429 with {@code retry-after} (whole seconds, rounded up,
 * so a client that waits that long finds a new window) and OpenAI's {@code x-ratelimit-*} headers,
 * which every answer of a limited key also carries.
 */
final class RateLimiter {

  static final long WINDOW_MS = 60_000;

  /** What a request took from its windows, and the answer's headers (a refusal when not taken). */
  record Taken(
      String tokenBucket,
      long windowStartMs,
      long tokens,
      GatewayException refusal,
      Map<String, String> headers) {}

  private final Counters counters;

  RateLimiter(Counters counters) {
    this.counters = counters;
  }

  Future<Taken> take(GatewayKey key, long tokens, long nowMs) {
    RateLimits limits = key.spec().limits();
    long windowStart = nowMs - Math.floorMod(nowMs, WINDOW_MS);
    long resetMs = windowStart + WINDOW_MS - nowMs;
    Map<String, String> headers = new LinkedHashMap<>();
    if (!limits.any()) {
      return Future.succeededFuture(new Taken(null, windowStart, 0, null, headers));
    }
    String requests = "rpm:" + key.id();
    String tokenBucket = "tpm:" + key.id();
    Future<Counters.Window> rpm =
        limits.rpm() > 0
            ? counters.take(requests, windowStart, 1, limits.rpm())
            : Future.succeededFuture(new Counters.Window(true, 0));
    return rpm.compose(
        r -> {
          if (limits.rpm() > 0) {
            headers(headers, "requests", limits.rpm(), r.used(), resetMs);
            if (!r.taken()) {
              // the token headers too, as on every answer of the key: its use, nothing taken
              return tokensUsed(key, windowStart)
                  .map(
                      used -> {
                        if (limits.tpm() > 0) {
                          headers(headers, "tokens", limits.tpm(), used, resetMs);
                        }
                        return refused(
                            key,
                            "requests per minute (RPM)",
                            limits.rpm(),
                            r.used(),
                            resetMs,
                            headers,
                            windowStart);
                      });
            }
          }
          if (limits.tpm() <= 0) {
            return Future.succeededFuture(new Taken(null, windowStart, 0, null, headers));
          }
          return counters
              .take(tokenBucket, windowStart, tokens, limits.tpm())
              .map(
                  t -> {
                    headers(headers, "tokens", limits.tpm(), t.used(), resetMs);
                    if (!t.taken()) {
                      if (limits.rpm() > 0) {
                        counters.adjust(
                            requests, windowStart, -1); // the request was not let through
                        headers(headers, "requests", limits.rpm(), r.used() - 1, resetMs);
                      }
                      return refused(
                          key,
                          "tokens per minute (TPM)",
                          limits.tpm(),
                          t.used(),
                          resetMs,
                          headers,
                          windowStart);
                    }
                    return new Taken(tokenBucket, windowStart, tokens, null, headers);
                  });
        });
  }

  /**
   * The headers of a key's windows as they stand, for an answer refused before its rate limits were
   * consulted (a budget refusal); nothing is taken.
   */
  Future<Map<String, String>> current(GatewayKey key, long nowMs) {
    RateLimits limits = key.spec().limits();
    long windowStart = nowMs - Math.floorMod(nowMs, WINDOW_MS);
    long resetMs = windowStart + WINDOW_MS - nowMs;
    Map<String, String> headers = new LinkedHashMap<>();
    if (!limits.any()) {
      return Future.succeededFuture(headers);
    }
    Future<Long> requests =
        limits.rpm() > 0 ? used("rpm:" + key.id(), windowStart) : Future.succeededFuture(0L);
    return requests.compose(
        r -> {
          if (limits.rpm() > 0) {
            headers(headers, "requests", limits.rpm(), r, resetMs);
          }
          return tokensUsed(key, windowStart)
              .map(
                  t -> {
                    if (limits.tpm() > 0) {
                      headers(headers, "tokens", limits.tpm(), t, resetMs);
                    }
                    return headers;
                  });
        });
  }

  private Future<Long> tokensUsed(GatewayKey key, long windowStart) {
    return key.spec().limits().tpm() > 0
        ? used("tpm:" + key.id(), windowStart)
        : Future.succeededFuture(0L);
  }

  /** A window's use: taking nothing changes no count and reports the use (Counters#take). */
  private Future<Long> used(String bucket, long windowStart) {
    return counters.take(bucket, windowStart, 0, Long.MAX_VALUE).map(Counters.Window::used);
  }

  /** Replaces the tokens taken at admission by the real count. */
  void settle(Taken taken, long actualTokens) {
    if (taken.tokenBucket() != null) {
      counters.adjust(taken.tokenBucket(), taken.windowStartMs(), actualTokens - taken.tokens());
    }
  }

  private static Taken refused(
      GatewayKey key,
      String what,
      long limit,
      long used,
      long resetMs,
      Map<String, String> headers,
      long windowStart) {
    long seconds = Math.max(1, (resetMs + 999) / 1000);
    GatewayException error =
        new GatewayException(
            ErrorKind.RATE_LIMITED,
            429,
            "Rate limit reached for key '"
                + key.spec().name()
                + "' on "
                + what
                + ": limit "
                + limit
                + ", used "
                + used
                + ". Please try again in "
                + seconds
                + "s.",
            null,
            "rate_limit_exceeded",
            Duration.ofSeconds(seconds));
    return new Taken(null, windowStart, 0, error, headers);
  }

  private static void headers(
      Map<String, String> out, String kind, long limit, long used, long resetMs) {
    out.put("x-ratelimit-limit-" + kind, Long.toString(limit));
    out.put("x-ratelimit-remaining-" + kind, Long.toString(Math.max(0, limit - used)));
    out.put("x-ratelimit-reset-" + kind, duration(resetMs));
  }

  /** A Go-style duration as OpenAI sends it: {@code 850ms}, {@code 12s}, {@code 59.5s}. */
  static String duration(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
  }
}
