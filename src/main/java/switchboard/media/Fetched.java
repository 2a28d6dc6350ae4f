package switchboard.media;

import java.util.Base64;

/**
 * A fetched image: its media type and bytes.
 *
 * @param mediaType normalised, e.g. {@code image/png}
 */
public record Fetched(String mediaType, byte[] bytes) {

  /** The image as a {@code data:} URL, the form the codecs inline. */
  public String dataUrl() {
    return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }
}
