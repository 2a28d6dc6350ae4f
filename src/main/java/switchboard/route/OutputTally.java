package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keeps the text a stream relayed to its client so that, when the stream ends without a usage
 * report (cut short, or a server that never sends one), its output can be counted with the
 * tokenizer. Fed canonical chunks, whatever dialect the client and the upstream speak. Bounded:
 * text past {@link #MAX_CHARS} is not kept, so the count of a longer stream that reported no usage
 * is low by what followed. Confined to one event loop.
 */
public final class OutputTally {

  static final int MAX_CHARS = 4 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringBuilder text = new StringBuilder();

  /** Adds the generated text of one canonical chunk. */
  public void add(JsonNode chunk) {
    if (text.length() >= MAX_CHARS) {
      return;
    }
    for (JsonNode choice : chunk.path("choices")) {
      append(text, choice.path("delta"));
    }
  }

  /** Adds text already taken out of a chunk. */
  public void addText(String generated) {
    if (text.length() < MAX_CHARS) {
      text.append(generated);
    }
  }

  /** The text the model produced (content, reasoning, tool-call arguments), as far as kept. */
  public String text() {
    return text.toString();
  }

  /** Appends a delta's or a message's generated text (used for complete answers too). */
  static void append(StringBuilder out, JsonNode delta) {
    out.append(delta.path("content").asText(""));
    out.append(delta.path("reasoning_content").asText(""));
    for (JsonNode call : delta.path("tool_calls")) {
      out.append(call.path("function").path("name").asText(""));
      out.append(call.path("function").path("arguments").asText(""));
    }
  }

  /** Parses a complete answer for {@link #text}; null when it is not JSON. */
  public static JsonNode parse(byte[] answer) {
    try {
      return JSON.readTree(answer);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  public static String text(JsonNode answer) {
    StringBuilder out = new StringBuilder();
    if (answer != null) {
      for (JsonNode choice : answer.path("choices")) {
        append(out, choice.path("message"));
      }
    }
    return out.toString();
  }
}
