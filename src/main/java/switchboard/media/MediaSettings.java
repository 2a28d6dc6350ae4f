package switchboard.media;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The limits of a media fetch, from the environment.
 *
 * @param maxBytes the largest image fetched ({@code SWITCHBOARD_MEDIA_MAX_BYTES}, 20 MiB)
 * @param connect to connect to the image's server ({@code SWITCHBOARD_MEDIA_CONNECT_TIMEOUT_MS})
 * @param total for the whole fetch of one image, redirects included ({@code
 *     SWITCHBOARD_MEDIA_TIMEOUT_MS})
 * @param maxRedirects redirects followed per image ({@code SWITCHBOARD_MEDIA_MAX_REDIRECTS})
 * @param allowPrivate whether loopback, private and link-local addresses may be fetched ({@code
 *     SWITCHBOARD_MEDIA_ALLOW_PRIVATE}; off, so a request cannot reach the gateway's own network)
 */
public record MediaSettings(
    long maxBytes, Duration connect, Duration total, int maxRedirects, boolean allowPrivate) {

  public static final MediaSettings DEFAULT =
      new MediaSettings(20L * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(30), 5, false);

  public static MediaSettings fromEnv(Map<String, String> env) {
    return new MediaSettings(
        number(env, "SWITCHBOARD_MEDIA_MAX_BYTES", DEFAULT.maxBytes, 1),
        Duration.ofMillis(
            number(env, "SWITCHBOARD_MEDIA_CONNECT_TIMEOUT_MS", DEFAULT.connect.toMillis(), 1)),
        Duration.ofMillis(number(env, "SWITCHBOARD_MEDIA_TIMEOUT_MS", DEFAULT.total.toMillis(), 1)),
        (int) number(env, "SWITCHBOARD_MEDIA_MAX_REDIRECTS", DEFAULT.maxRedirects, 0),
        flag(env, "SWITCHBOARD_MEDIA_ALLOW_PRIVATE"));
  }

  private static long number(Map<String, String> env, String name, long fallback, long least) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed >= least && parsed <= Integer.MAX_VALUE) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number from " + least + " to " + Integer.MAX_VALUE + ": " + value);
  }

  private static boolean flag(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false: " + value);
    };
  }
}
