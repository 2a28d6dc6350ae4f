package switchboard.wire.openai;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import switchboard.pipeline.GatewayException;

/**
 * A request body as one JSON object, read strictly and explained in the gateway's own words: the
 * bytes must be UTF-8, the JSON one object with nothing after it, every string valid Unicode (no
 * lone surrogate from a JSON escape of U+D800 to U+DFFF with no partner, which no encoder or
 * tokenizer downstream can take). Jackson's messages name its own classes and features, so they are
 * never shown to a client.
 */
final class JsonBody {

  // Duplicate keys are not rejected: last one wins, as in most JSON parsers (and it is cheaper).
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StreamReadConstraints LIMITS = JSON.getFactory().streamReadConstraints();

  private JsonBody() {}

  static ObjectNode parse(byte[] bytes) {
    int invalid = Utf8.firstInvalid(bytes);
    if (invalid >= 0) {
      throw GatewayException.invalid(
          null,
          String.format(
              "The request body is not valid UTF-8: byte %d (0x%02X, %s) starts no valid"
                  + " character.",
              invalid, bytes[invalid] & 0xff, position(bytes, invalid)));
    }
    JsonNode node;
    boolean complete = false; // the root value was read: an error after it is trailing content
    try (JsonParser parser = JSON.createParser(bytes)) {
      node = JSON.readTree(parser);
      complete = true;
      if (node != null && parser.nextToken() != null) {
        throw trailing(bytes, parser.currentTokenLocation());
      }
    } catch (GatewayException e) {
      throw e;
    } catch (StreamConstraintsException e) {
      throw GatewayException.invalid(null, limit(e));
    } catch (JsonEOFException e) {
      throw GatewayException.invalid(
          null,
          "The request body is not valid JSON: it ends before the value is complete ("
              + position(bytes, bytes.length)
              + ").");
    } catch (JsonProcessingException e) {
      if (complete) {
        throw trailing(bytes, e.getLocation());
      }
      throw GatewayException.invalid(
          null,
          "The request body is not valid JSON: unexpected content at "
              + position(bytes, e.getLocation())
              + ".");
    } catch (IOException e) {
      throw GatewayException.invalid(null, "The request body could not be read as JSON.");
    }
    if (node == null || node.isMissingNode()) {
      throw GatewayException.invalid(null, "The request body is empty; expected a JSON object.");
    }
    if (!(node instanceof ObjectNode object)) {
      throw GatewayException.invalid(null, "The request body must be a JSON object.");
    }
    String lone = loneSurrogate(object);
    if (lone != null) {
      throw GatewayException.invalid(
          lone.isEmpty() ? null : lone,
          (lone.isEmpty() ? "A field name" : "'" + lone + "'")
              + " holds a lone surrogate (a \\ud800-\\udfff escape without its pair);"
              + " strings must be valid Unicode.");
    }
    return object;
  }

  private static GatewayException trailing(byte[] bytes, JsonLocation at) {
    return GatewayException.invalid(
        null,
        "The request body must be one JSON object; found more after it at "
            + position(bytes, at)
            + ".");
  }

  private static String limit(StreamConstraintsException e) {
    String what = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().toLowerCase();
    if (what.contains("nesting")) {
      return "The request body nests arrays and objects deeper than "
          + LIMITS.getMaxNestingDepth()
          + " levels.";
    }
    if (what.contains("number")) {
      return "The request body holds a number longer than "
          + LIMITS.getMaxNumberLength()
          + " characters.";
    }
    if (what.contains("string")) {
      return "The request body holds a string longer than "
          + LIMITS.getMaxStringLength()
          + " characters.";
    }
    return "The request body exceeds the gateway's limits on JSON.";
  }

  private static String position(byte[] bytes, JsonLocation at) {
    if (at == null || at.getByteOffset() < 0) {
      return at == null
          ? "an unknown place"
          : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    return position(bytes, (int) Math.min(at.getByteOffset(), bytes.length));
  }

  /** "line L, column C" of a byte offset, counting characters (not bytes) from 1. */
  static String position(byte[] bytes, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        column = 1;
      } else if ((bytes[i] & 0xC0) != 0x80) { // a continuation byte is part of the last character
        column++;
      }
    }
    return "line " + line + ", column " + column;
  }

  /**
   * The path of the first string (or field name) with a lone surrogate, "" for the body itself, or
   * null when there is none; the path is built only for the one found.
   */
  private static String loneSurrogate(JsonNode node) {
    if (node.isTextual()) {
      return lone(node.textValue()) ? "" : null;
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (lone(field.getKey())) {
          return "";
        }
        String below = loneSurrogate(field.getValue());
        if (below != null) {
          return below.isEmpty() || below.startsWith("[")
              ? field.getKey() + below
              : field.getKey() + "." + below;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String below = loneSurrogate(node.get(i));
        if (below != null) {
          return "[" + i + "]" + (below.isEmpty() || below.startsWith("[") ? below : "." + below);
        }
      }
    }
    return null;
  }

  private static boolean lone(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
