package switchboard.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Every text of a canonical (Chat Completions) request a guardrail reads: each message's content, a
 * string or its text parts, in every role (system, user, assistant, tool), and the arguments of
 * assistant tool calls. The Messages and Responses APIs are read into this shape, so one walk
 * covers all three inbound APIs.
 */
final class PromptTexts {

  private PromptTexts() {}

  /**
   * Hands each text, with its message's role, to {@code change} in order and puts back what it
   * returns (the same string when nothing changes).
   */
  static void rewrite(ObjectNode body, BiFunction<String, String, String> change) {
    for (JsonNode message : body.path("messages")) {
      if (!(message instanceof ObjectNode m)) {
        continue;
      }
      String role = m.path("role").asText("");
      JsonNode content = m.get("content");
      if (content != null && content.isTextual()) {
        text(m, "content", role, change);
      } else if (content != null && content.isArray()) {
        for (JsonNode part : content) {
          if (part instanceof ObjectNode p && p.path("text").isTextual()) {
            text(p, "text", role, change);
          }
        }
      }
      for (JsonNode call : m.path("tool_calls")) {
        if (call.path("function") instanceof ObjectNode f && f.path("arguments").isTextual()) {
          text(f, "arguments", role, change);
        }
      }
    }
  }

  /** Hands each text with its role to {@code read}; changes nothing. */
  static void each(ObjectNode body, BiConsumer<String, String> read) {
    rewrite(
        body,
        (role, text) -> {
          read.accept(role, text);
          return text;
        });
  }

  private static void text(
      ObjectNode holder, String field, String role, BiFunction<String, String, String> change) {
    String text = holder.get(field).asText();
    String changed = change.apply(role, text);
    if (!changed.equals(text)) {
      holder.set(field, TextNode.valueOf(changed));
    }
  }
}
