package switchboard.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The remote image URLs of a request: found in the canonical body ({@code image_url} parts of its
 * messages), named as the client wrote them (its own body's part, whatever its dialect), and
 * swapped for the fetched {@code data:} URLs in a target's copy of the canonical body.
 */
final class ImageParts {

  private ImageParts() {}

  /** The canonical body's {@code http(s)} image URLs, each with the path of its first part. */
  static Map<String, String> remote(JsonNode canonical) {
    Map<String, String> found = new LinkedHashMap<>();
    JsonNode messages = canonical.path("messages");
    for (int i = 0; i < messages.size(); i++) {
      JsonNode content = messages.get(i).path("content");
      for (int j = 0; j < content.size(); j++) {
        JsonNode part = content.get(j);
        if (part.path("type").asText("").equals("image_url")) {
          String url = url(part.get("image_url"));
          if (url != null && remote(url)) {
            found.putIfAbsent(url, "messages[" + i + "].content[" + j + "].image_url");
          }
        }
      }
    }
    return found;
  }

  /**
   * Where each image URL sits in the client's own body, by walking it: Chat Completions' {@code
   * image_url} parts, Anthropic's {@code image} blocks with a {@code url} source (also inside tool
   * results), the Responses API's {@code input_image} parts.
   */
  static Map<String, String> names(JsonNode body) {
    Map<String, String> names = new LinkedHashMap<>();
    Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
    pending.push(Map.entry("", body));
    while (!pending.isEmpty()) {
      Map.Entry<String, JsonNode> next = pending.pop();
      String path = next.getKey();
      JsonNode node = next.getValue();
      if (node.isArray()) {
        for (int i = node.size() - 1; i >= 0; i--) {
          pending.push(Map.entry(path + "[" + i + "]", node.get(i)));
        }
      } else if (node.isObject()) {
        name(node, path, names);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          if (field.getValue().isContainerNode()) {
            pending.push(
                Map.entry(
                    path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                    field.getValue()));
          }
        }
      }
    }
    return names;
  }

  private static void name(JsonNode part, String path, Map<String, String> names) {
    String type = part.path("type").asText("");
    String url = null;
    String field = null;
    if (type.equals("image_url") || type.equals("input_image")) {
      url = url(part.get("image_url"));
      field = ".image_url";
    } else if (type.equals("image") && part.path("source").path("type").asText("").equals("url")) {
      url = part.path("source").path("url").asText(null);
      field = ".source";
    }
    if (url != null && remote(url)) {
      names.putIfAbsent(url, path + field);
    }
  }

  /**
   * Swaps, in {@code body} (a target's copy of the canonical body), every image URL the target does
   * not fetch itself for its fetched data URL.
   */
  static void inline(
      ObjectNode body, Map<String, String> fetched, Predicate<String> fetchesItself) {
    JsonNode messages = body.path("messages");
    for (JsonNode message : messages) {
      for (JsonNode part : message.path("content")) {
        if (!part.path("type").asText("").equals("image_url") || !part.isObject()) {
          continue;
        }
        String url = url(part.get("image_url"));
        String data = url == null ? null : fetched.get(url);
        if (data == null || fetchesItself.test(url)) {
          continue;
        }
        JsonNode imageUrl = part.get("image_url");
        if (imageUrl.isObject()) {
          ((ObjectNode) imageUrl).put("url", data);
        } else {
          ((ObjectNode) part).putObject("image_url").put("url", data);
        }
      }
    }
  }

  private static String url(JsonNode imageUrl) {
    if (imageUrl == null) {
      return null;
    }
    JsonNode url = imageUrl.isTextual() ? imageUrl : imageUrl.get("url");
    return url != null && url.isTextual() ? url.asText() : null;
  }

  static boolean remote(String url) {
    String lower = url.length() > 8 ? url.substring(0, 8).toLowerCase(Locale.ROOT) : url;
    return lower.startsWith("http://") || lower.startsWith("https://");
  }
}
