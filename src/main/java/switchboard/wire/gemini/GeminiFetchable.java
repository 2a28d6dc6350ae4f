package switchboard.wire.gemini;

import java.net.URI;
import java.util.Locale;

/**
 * The remote URLs Gemini fetches itself ({@code fileData}): its File API's {@code
 * https://generativelanguage.googleapis.com/…/files/…} URIs and YouTube videos. Every other image
 * URL must reach Gemini inline (wire-formats §5.2).
 */
public final class GeminiFetchable {

  private GeminiFetchable() {}

  public static boolean fetchable(String url) {
    URI uri = parse(url);
    if (uri == null || uri.getHost() == null || uri.getScheme() == null) {
      return false;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return uri.getScheme().equalsIgnoreCase("https") && (fileApi(host, url) || youtube(host));
  }

  static boolean youtube(String host) {
    return host.equals("youtu.be") || host.endsWith("youtube.com");
  }

  private static boolean fileApi(String host, String url) {
    return host.equals("generativelanguage.googleapis.com") && url.contains("/files/");
  }

  static URI parse(String url) {
    try {
      return URI.create(url);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
