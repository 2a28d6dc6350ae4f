package switchboard.wire.anthropic.inbound;

import static switchboard.wire.anthropic.Fields.absent;
import static switchboard.wire.anthropic.Fields.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import switchboard.wire.anthropic.Fields;

/** Anthropic content blocks (text, image, document) as canonical OpenAI content parts. */
final class Parts {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> IMAGE_TYPES =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private Parts() {}

  static ObjectNode text(String text) {
    return NODES.objectNode().put("type", "text").put("text", text);
  }

  /**
   * The content of a canonical message: {@code ""} for no parts, a plain string for a single text
   * part (what every OpenAI-compatible vendor takes), else the array of parts.
   */
  static JsonNode collapse(ArrayNode parts) {
    if (parts.isEmpty()) {
      return NODES.textNode("");
    }
    if (parts.size() == 1 && parts.get(0).path("type").asText().equals("text")) {
      return parts.get(0).get("text");
    }
    return parts;
  }

  /**
   * An {@code image} block, appended to {@code parts}: base64 → {@code image_url} with a data URL,
   * url → {@code image_url}; a {@code file} source is a gap.
   */
  static void image(JsonNode block, String p, ArrayNode parts, Gaps gaps) {
    String sp = p + ".source";
    JsonNode source = Fields.object(block, p, "source");
    String kind = Fields.oneOf(source, sp, "type", Set.of("base64", "url", "file"));
    switch (kind) {
      case "base64" -> {
        String mediaType = Fields.oneOf(source, sp, "media_type", IMAGE_TYPES);
        String data = string(source, sp, "data", true);
        imageUrl(parts, "data:" + mediaType + ";base64," + data);
      }
      case "url" -> imageUrl(parts, string(source, sp, "url", true));
      default -> {
        string(source, sp, "file_id", true);
        gaps.note(sp + ".type", "An image with a 'file' source (Files API)");
      }
    }
  }

  private static void imageUrl(ArrayNode parts, String url) {
    parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
  }

  /**
   * A {@code document} block, appended to {@code parts}: a PDF in base64 becomes a {@code file}
   * part with a data URL (named by its title, else {@code document.pdf}); plain text and {@code
   * content} sources become text (and image) parts; {@code url} and {@code file} sources have no
   * canonical equivalent (OpenAI file parts take no URL) and are gaps.
   */
  static void document(JsonNode block, String p, ArrayNode parts, Gaps gaps) {
    String sp = p + ".source";
    JsonNode source = Fields.object(block, p, "source");
    String title = Fields.optionalString(block, p, "title");
    Fields.optionalString(block, p, "context");
    JsonNode citations = block.get("citations");
    if (!absent(citations) && !citations.isObject()) {
      throw Fields.wrong(p + ".citations", "an object");
    }
    String kind =
        Fields.oneOf(source, sp, "type", Set.of("base64", "text", "content", "url", "file"));
    switch (kind) {
      case "base64" -> {
        String mediaType = Fields.oneOf(source, sp, "media_type", Set.of("application/pdf"));
        String data = string(source, sp, "data", true);
        ObjectNode file = parts.addObject().put("type", "file").putObject("file");
        file.put("filename", title != null && !title.isBlank() ? title : "document.pdf");
        file.put("file_data", "data:" + mediaType + ";base64," + data);
      }
      case "text" -> {
        Fields.oneOf(source, sp, "media_type", Set.of("text/plain"));
        parts.add(text(string(source, sp, "data", false)));
      }
      case "content" -> content(source, sp, parts, gaps);
      case "url" -> {
        string(source, sp, "url", true);
        gaps.note(sp + ".type", "A document with a 'url' source");
      }
      default -> {
        string(source, sp, "file_id", true);
        gaps.note(sp + ".type", "A document with a 'file' source (Files API)");
      }
    }
  }

  private static void content(JsonNode source, String sp, ArrayNode parts, Gaps gaps) {
    JsonNode content = source.get("content");
    String cp = sp + ".content";
    if (absent(content)) {
      throw Fields.missing(cp);
    }
    if (content.isTextual()) {
      parts.add(text(content.asText()));
      return;
    }
    if (!content.isArray()) {
      throw Fields.wrong(cp, "a string or an array of text and image blocks");
    }
    for (int k = 0; k < content.size(); k++) {
      JsonNode inner = content.get(k);
      String q = cp + "[" + k + "]";
      if (!inner.isObject()) {
        throw Fields.wrong(q, "an object");
      }
      String type = Fields.oneOf(inner, q, "type", Set.of("text", "image"));
      Fields.cacheControl(inner, q);
      if (type.equals("text")) {
        parts.add(text(string(inner, q, "text", false)));
      } else {
        image(inner, q, parts, gaps);
      }
    }
  }
}
