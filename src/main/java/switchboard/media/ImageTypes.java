package switchboard.media;

import java.util.Locale;

/**
 * The media type of a fetched image: its {@code Content-Type}, normalised; or, when the server sent
 * none or only {@code application/octet-stream} (common for object stores), what the first bytes
 * say.
 */
final class ImageTypes {

  private ImageTypes() {}

  /** The type of {@code bytes} served with {@code contentType} (may be null), or "" if unknown. */
  static String of(String contentType, byte[] bytes) {
    String declared = normalise(contentType);
    if (!declared.isEmpty()
        && !declared.equals("application/octet-stream")
        && !declared.equals("binary/octet-stream")) {
      return declared;
    }
    String sniffed = sniff(bytes);
    return sniffed != null ? sniffed : declared;
  }

  static String normalise(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .strip()
            .toLowerCase(Locale.ROOT);
    return type.equals("image/jpg") || type.equals("image/pjpeg") ? "image/jpeg" : type;
  }

  private static String sniff(byte[] b) {
    if (starts(b, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
      return "image/png";
    }
    if (starts(b, 0xff, 0xd8, 0xff)) {
      return "image/jpeg";
    }
    if (starts(b, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (b.length >= 12
        && starts(b, 'R', 'I', 'F', 'F')
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return "image/webp";
    }
    return null;
  }

  private static boolean starts(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
