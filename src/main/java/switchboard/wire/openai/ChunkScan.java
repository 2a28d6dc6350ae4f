package switchboard.wire.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * Reads one OpenAI stream chunk token by token, without building its tree: the facts the relay taps
 * ({@link ChunkFacts}), the text it carries, and whether the chunk is <em>plain</em>: a shape the
 * relay may pass through untouched (every choice has a {@code delta} with string content, no tool
 * calls, an OpenAI finish reason, no error, no vendor extension that needs absorbing). A chunk that
 * is not plain is read again as a tree by the slow path, which knows every quirk.
 *
 * @param plain whether the fast path may forward the chunk as it is
 * @param text the content and reasoning text it carries (for counting when usage is missing)
 * @param reasoning whether it carries reasoning or a refusal (not continuable as plain text)
 */
public record ChunkScan(
    boolean plain,
    String id,
    String model,
    boolean hasContent,
    String finishReason,
    JsonNode usage,
    boolean usageOnly,
    String text,
    boolean reasoning) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();
  private static final ChunkScan NOT_PLAIN =
      new ChunkScan(false, null, null, false, null, null, false, "", false);
  private static final Set<String> FINISH =
      Set.of("stop", "length", "tool_calls", "content_filter", "function_call");

  /** Scans one chunk; throws IOException when it is not one JSON object. */
  public static ChunkScan of(String data) throws IOException {
    try (JsonParser p = FACTORY.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      Scan s = new Scan();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "id" -> s.id = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "model" -> s.model = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "usage" -> s.usage = value == JsonToken.START_OBJECT ? JSON.readTree(p) : null;
          case "choices" -> {
            if (value != JsonToken.START_ARRAY) {
              s.plain = false;
              p.skipChildren();
            } else {
              choices(p, s);
            }
          }
          case "error", "x_groq" -> {
            s.plain = false;
            p.skipChildren();
          }
          default -> p.skipChildren();
        }
        if (!s.plain) {
          return NOT_PLAIN; // the tree path reads it all again
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("trailing content after the JSON object");
      }
      if (s.choices == 0 && s.usage == null) {
        return NOT_PLAIN; // a keep-alive or filter-results chunk: the slow path drops it
      }
      return new ChunkScan(
          true,
          s.id,
          s.model,
          s.content,
          s.finish,
          s.usage,
          s.usage != null && s.choices == 0,
          s.text == null ? "" : s.text.toString(),
          s.reasoning);
    }
  }

  private static void choices(JsonParser p, Scan s) throws IOException {
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        s.plain = false;
        p.skipChildren();
        return;
      }
      s.choices++;
      boolean delta = false;
      boolean finish = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("delta") && value == JsonToken.START_OBJECT) {
          delta = true;
          delta(p, s);
        } else if (name.equals("finish_reason") && value == JsonToken.VALUE_STRING) {
          finish = true;
          s.finish = s.finish == null ? p.getText() : s.finish;
          s.plain &= FINISH.contains(p.getText());
        } else {
          p.skipChildren();
        }
        if (!s.plain) {
          return;
        }
      }
      if (!delta && !finish) {
        s.plain = false; // Azure's content-filter-only entries: the slow path removes them
        return;
      }
    }
  }

  private static void delta(JsonParser p, Scan s) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "content", "reasoning_content", "reasoning", "refusal" -> {
          if (value == JsonToken.VALUE_STRING) {
            String text = p.getText();
            if (!text.isEmpty()) {
              s.content = true;
              s.reasoning |= !name.equals("content");
              if (!name.equals("refusal")) {
                (s.text == null ? s.text = new StringBuilder() : s.text).append(text);
              }
            }
          } else if (value != JsonToken.VALUE_NULL) {
            s.plain = false; // content as parts: the slow path flattens it
            p.skipChildren();
          }
        }
        case "tool_calls", "function_call" -> {
          s.plain = false;
          p.skipChildren();
        }
        default -> p.skipChildren();
      }
      if (!s.plain) {
        return;
      }
    }
  }

  /** Mutable state of one scan. */
  private static final class Scan {
    boolean plain = true;
    String id;
    String model;
    JsonNode usage;
    int choices;
    boolean content;
    boolean reasoning;
    String finish;
    StringBuilder text;
  }
}
