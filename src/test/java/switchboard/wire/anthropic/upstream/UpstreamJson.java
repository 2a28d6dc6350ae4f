package switchboard.wire.anthropic.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON helpers for the Anthropic codec tests. */
final class UpstreamJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private UpstreamJson() {}

  /** Parses JSON written with single quotes for readability. */
  static ObjectNode obj(String text) {
    try {
      return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError("bad test JSON: " + text, e);
    }
  }

  /** Normalises number node types (int vs long) so trees compare by value. */
  static JsonNode norm(JsonNode node) {
    try {
      return MAPPER.readTree(node.toString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
