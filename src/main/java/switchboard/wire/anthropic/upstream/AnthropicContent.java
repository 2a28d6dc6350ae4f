package switchboard.wire.anthropic.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import switchboard.pipeline.GatewayException;

/**
 * Canonical user content parts as Anthropic content blocks (wire-formats §3.3, §4.1): text, images
 * ({@code data:} URLs as base64 sources, http(s) URLs as url sources) and files (PDF and plain text
 * {@code file_data}) as documents. What Anthropic cannot take (audio, other media types, OpenAI
 * file ids) is a 400 naming the part.
 */
final class AnthropicContent {

  private static final Set<String> IMAGE_TYPES =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private AnthropicContent() {}

  /** A decoded {@code data:} URL: its media type, whether it is base64, and its payload. */
  record DataUrl(String mediaType, boolean base64, String data) {

    /** Parses {@code data:<type>[;params][;base64],<data>}; null when {@code url} is not one. */
    static DataUrl parse(String url) {
      if (url == null || !url.regionMatches(true, 0, "data:", 0, 5)) {
        return null;
      }
      int comma = url.indexOf(',');
      if (comma < 0) {
        return null;
      }
      String[] header = url.substring(5, comma).split(";");
      boolean base64 = false;
      for (int i = 1; i < header.length; i++) {
        base64 |= header[i].trim().equalsIgnoreCase("base64");
      }
      return new DataUrl(
          header[0].trim().toLowerCase(Locale.ROOT), base64, url.substring(comma + 1));
    }
  }

  /** Appends the blocks of a user message's {@code content} (string or parts) to {@code out}. */
  static void userParts(JsonNode content, String path, ArrayNode out) {
    if (content == null || content.isNull()) {
      return;
    }
    if (content.isTextual()) {
      if (!content.asText().isEmpty()) {
        out.addObject().put("type", "text").put("text", content.asText());
      }
      return;
    }
    if (!content.isArray()) {
      throw GatewayException.invalid(path + ".content", "'content' must be a string or an array.");
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partPath = path + ".content[" + j + "]";
      String type = part.path("type").asText("");
      ObjectNode block =
          switch (type) {
            case "text" -> {
              String text = part.path("text").asText("");
              yield text.isEmpty() ? null : out.objectNode().put("type", "text").put("text", text);
            }
            case "image_url" -> image(part.get("image_url"), partPath + ".image_url");
            case "file" -> file(part.get("file"), partPath + ".file");
            case "input_audio" ->
                throw GatewayException.invalid(
                    partPath + ".input_audio", "Anthropic models do not take audio input.");
            default ->
                throw GatewayException.invalid(
                    partPath + ".type",
                    "Unsupported content part type '" + type + "' for Anthropic models.");
          };
      if (block != null) {
        copyCache(part, block);
        out.add(block);
      }
    }
  }

  /** Keeps a part's {@code cache_control} on the block made from it. */
  static void copyCache(JsonNode part, ObjectNode block) {
    JsonNode cache = part.get("cache_control");
    if (cache != null && cache.isObject()) {
      block.set("cache_control", cache);
    }
  }

  private static ObjectNode image(JsonNode imageUrl, String path) {
    String url =
        imageUrl == null
            ? null
            : imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText(null);
    if (url == null || url.isEmpty()) {
      throw GatewayException.invalid(path + ".url", "An image part needs a 'url'.");
    }
    ObjectNode block = JsonNodeFactory.instance.objectNode();
    block.put("type", "image");
    ObjectNode source = block.putObject("source");
    DataUrl data = DataUrl.parse(url);
    if (data != null) {
      String mediaType = data.mediaType().equals("image/jpg") ? "image/jpeg" : data.mediaType();
      if (!IMAGE_TYPES.contains(mediaType)) {
        throw GatewayException.invalid(
            path,
            "Anthropic models take image/jpeg, image/png, "
                + "image/gif and image/webp images, not '"
                + data.mediaType()
                + "'.");
      }
      if (!data.base64()) {
        throw GatewayException.invalid(path, "Image data URLs must be base64-encoded.");
      }
      source.put("type", "base64").put("media_type", mediaType).put("data", data.data());
      return block;
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      source.put("type", "url").put("url", url);
      return block;
    }
    throw GatewayException.invalid(
        path, "An image URL must be an http(s) URL or a base64 data URL.");
  }

  private static ObjectNode file(JsonNode file, String path) {
    if (file == null || !file.isObject()) {
      throw GatewayException.invalid(path, "A file part needs a 'file' object.");
    }
    if (!file.path("file_data").isTextual()) {
      String which = file.has("file_id") ? path + ".file_id" : path + ".file_data";
      throw GatewayException.invalid(
          which,
          "Anthropic models need the file inline as 'file_data'; file ids are not supported.");
    }
    String fileData = file.get("file_data").asText();
    String filename = file.path("filename").asText(null);
    DataUrl data = DataUrl.parse(fileData);
    if (data == null && filename != null && filename.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
      data = new DataUrl("application/pdf", true, fileData); // bare base64, named as a PDF
    }
    ObjectNode block = JsonNodeFactory.instance.objectNode();
    block.put("type", "document");
    ObjectNode source = block.putObject("source");
    if (data != null && data.base64() && data.mediaType().equals("application/pdf")) {
      source.put("type", "base64").put("media_type", "application/pdf").put("data", data.data());
    } else if (data != null && data.base64() && data.mediaType().equals("text/plain")) {
      String text;
      try {
        text = new String(Base64.getMimeDecoder().decode(data.data()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw GatewayException.invalid(path + ".file_data", "The file data is not valid base64.");
      }
      source.put("type", "text").put("media_type", "text/plain").put("data", text);
    } else {
      throw GatewayException.invalid(
          path + ".file_data",
          "Anthropic models take PDF and plain-text "
              + "files as base64 data URLs (data:application/pdf;base64,…).");
    }
    if (filename != null && !filename.isEmpty()) {
      block.put("title", filename);
    }
    return block;
  }
}
