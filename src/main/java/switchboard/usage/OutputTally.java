package switchboard.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the SSE frames relayed to a client so that, when the stream ends without a usage report
 * (cut short, or a server that never sends one), its output can be counted with the tokenizer.
 * Frames are only parsed in that case. Bounded: frames past {@link #MAX_BYTES} are not kept, so
 * the count of a longer stream that reported no usage is low by what followed. Confined to one
 * event loop.
 */
public final class OutputTally {

  static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Buffer> frames = new ArrayList<>();
  private long kept;

  public void add(Buffer frame) {
    if (kept + frame.length() <= MAX_BYTES) {
      frames.add(frame);
      kept += frame.length();
    }
  }

  /** The text the model produced (content, reasoning, tool-call arguments), as far as kept. */
  public String text() {
    StringBuilder out = new StringBuilder();
    for (Buffer frame : frames) {
      String data = frame.toString().strip();
      if (!data.startsWith("data:")) {
        continue;
      }
      try {
        JsonNode chunk = JSON.readTree(data.substring(5).strip());
        for (JsonNode choice : chunk.path("choices")) {
          append(out, choice.path("delta"));
          append(out, choice.path("message"));
        }
      } catch (Exception e) {
        // not JSON ([DONE], a comment): nothing to count
      }
    }
    return out.toString();
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

  /** The generated text of a complete chat answer. */
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
