package switchboard.wire.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import switchboard.pipeline.GatewayException;

/**
 * Canonical media parts → Gemini parts. A codec does no I/O: {@code data:} URLs become {@code
 * inlineData}; URLs Gemini itself fetches ({@link GeminiFetchable}) become {@code fileData}. Any
 * other {@code http(s)} image URL was downloaded by the gateway before the codec ran (route/Call,
 * media/InlineImages) and arrives here as a data: URL; one that did not is refused.
 */
final class GeminiMedia {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("webp", "image/webp"),
          Map.entry("gif", "image/gif"),
          Map.entry("heic", "image/heic"),
          Map.entry("heif", "image/heif"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("mp3", "audio/mp3"),
          Map.entry("wav", "audio/wav"));

  private GeminiMedia() {}

  /** An {@code image_url.url}. */
  static ObjectNode image(String url, String field) {
    if (url.startsWith("data:")) {
      return inline(url, field);
    }
    if (GeminiFetchable.fetchable(url)) {
      URI uri = GeminiFetchable.parse(url);
      boolean youtube = GeminiFetchable.youtube(uri.getHost().toLowerCase(Locale.ROOT));
      ObjectNode part = NODES.objectNode();
      ObjectNode data = part.putObject("fileData");
      String mime = youtube ? null : mimeOf(uri.getPath());
      if (mime != null) {
        data.put("mimeType", mime);
      }
      data.put("fileUri", url);
      return part;
    }
    throw GatewayException.invalid(
        field,
        "Gemini cannot fetch this URL itself and the gateway did not fetch it: send the image as"
            + " a data: URL (base64), an http(s) URL, or a Gemini File API URI.");
  }

  /** An {@code input_audio} object: {@code data} (base64) and {@code format} (wav or mp3). */
  static ObjectNode audio(JsonNode audio, String field) {
    String format = audio.path("format").asText("");
    if (!format.equals("wav") && !format.equals("mp3")) {
      throw GatewayException.invalid(field + ".format", "Audio format must be wav or mp3.");
    }
    String data = audio.path("data").asText("");
    if (data.isEmpty()) {
      throw GatewayException.invalid(field + ".data", "Audio data is empty.");
    }
    ObjectNode part = NODES.objectNode();
    part.putObject("inlineData").put("mimeType", "audio/" + format).put("data", data);
    return part;
  }

  /**
   * A {@code file} object: only inline {@code file_data}; uploaded OpenAI file ids mean nothing to
   * Gemini.
   */
  static ObjectNode file(JsonNode file, String field) {
    String data = file.path("file_data").asText("");
    if (!data.startsWith("data:")) {
      throw GatewayException.invalid(
          field + ".file_data",
          "Gemini takes files only inline, as a data: URL in file_data (file_id is not supported).");
    }
    return inline(data, field + ".file_data");
  }

  private static ObjectNode inline(String url, String field) {
    int comma = url.indexOf(',');
    String header = comma < 0 ? "" : url.substring(5, comma);
    if (comma < 0 || !header.endsWith(";base64")) {
      throw GatewayException.invalid(
          field, "A data: URL for Gemini must be base64 (data:<mime>;base64,…).");
    }
    String mime = header.substring(0, header.length() - ";base64".length());
    ObjectNode part = NODES.objectNode();
    part.putObject("inlineData")
        .put("mimeType", mime.isEmpty() ? "application/octet-stream" : mime)
        .put("data", url.substring(comma + 1));
    return part;
  }

  private static String mimeOf(String path) {
    if (path == null) {
      return null;
    }
    int dot = path.lastIndexOf('.');
    return dot < 0 ? null : BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
