package switchboard.wire.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import switchboard.wire.StreamDecoder;
import switchboard.wire.openai.CanonicalChunks;
import switchboard.wire.sse.SseEvent;
import switchboard.wire.sse.SseParser;

/**
 * Decodes {@code :streamGenerateContent?alt=sse} (wire-formats §5.4, §0): SSE events, LF or CRLF
 * framed, each a complete {@code GenerateContentResponse} with only the new parts, and no
 * terminator. Per event: a chunk for its text and thought deltas (the first chunk of the stream
 * carries {@code role}), one complete {@code tool_calls} fragment per {@code functionCall} part
 * (index = the call's ordinal in the answer, id as {@link GeminiResponses} gives it); when the
 * event carries {@code finishReason} (or the prompt was blocked), a chunk with the canonical finish
 * reason and then a usage chunk; then {@link Out#frame} with the event's exact bytes. {@link
 * Out#done} is never called: Gemini has no terminal frame. An {@code {"error":…}} event goes to
 * {@link Out#error} (no frame). Only candidate 0 is read (the provider refuses {@code n > 1} when
 * streaming).
 */
public final class GeminiStreamDecoder implements StreamDecoder {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String requestedModel;
  private final long created;
  private final SseParser parser = new SseParser();
  private final List<SseEvent> dispatched = new ArrayList<>(1);

  /** Bytes of the event being read, forwarded whole as its frame. */
  private final ByteArrayOutputStream raw = new ByteArrayOutputStream(512);

  /** An event was dispatched on a CR: its frame waits to learn whether an LF (of CRLF) follows. */
  private boolean frameReady;

  private boolean roleSent;
  private boolean finished;
  private int calls;
  private String id;
  private String model;
  private JsonNode lastUsage;

  /**
   * @param requestedModel the model asked for, used in chunks until Gemini names its {@code
   *     modelVersion}
   * @param created the chunks' {@code created} (unix seconds)
   */
  public GeminiStreamDecoder(String requestedModel, long created) {
    this.requestedModel = requestedModel == null ? "" : requestedModel;
    this.created = created;
  }

  @Override
  public void feed(Buffer bytes, Out out) {
    byte[] b = bytes.getBytes();
    int start = 0;
    if (frameReady && b.length > 0) {
      if (b[0] == '\n') {
        segment(b, 0, 1, out); // the LF of the CRLF that ended the event
        start = 1;
      }
      flushFrame(out);
    }
    for (int i = start; i < b.length; i++) {
      if (b[i] != '\n' && b[i] != '\r') {
        continue;
      }
      segment(b, start, i + 1, out);
      start = i + 1;
      if (!frameReady) {
        continue;
      }
      if (b[i] == '\n') {
        flushFrame(out);
      } else if (i + 1 < b.length) {
        if (b[i + 1] == '\n') {
          segment(b, i + 1, i + 2, out);
          i++;
          start = i + 1;
        }
        flushFrame(out);
      } // else: the CR ends this buffer; the next feed (or end) decides
    }
    if (start < b.length) {
      segment(b, start, b.length, out);
    }
  }

  /**
   * Returns false when the stream was cut: inside an event, or (Gemini having no terminator) before
   * the event that carries {@code finishReason}.
   */
  @Override
  public boolean end(Out out) {
    if (frameReady) {
      flushFrame(out);
    }
    boolean leftover = parser.end();
    return !leftover && finished;
  }

  private void segment(byte[] b, int from, int to, Out out) {
    raw.write(b, from, to - from);
    parser.feed(Buffer.buffer(Arrays.copyOfRange(b, from, to)), dispatched::add);
    if (dispatched.isEmpty()) {
      return;
    }
    for (SseEvent event : dispatched) {
      if (!event(event.data(), out)) {
        raw.reset(); // not forwarded: an error or bytes that are not Gemini's
        dispatched.clear();
        return;
      }
    }
    dispatched.clear();
    frameReady = true;
  }

  private void flushFrame(Out out) {
    frameReady = false;
    out.frame(Buffer.buffer(raw.toByteArray()));
    raw.reset();
  }

  /** Reports one event's chunks; false when the event is not to be forwarded as a frame. */
  private boolean event(String data, Out out) {
    JsonNode root;
    try {
      root = JSON.readTree(data);
    } catch (Exception e) {
      out.malformed("Gemini stream event is not JSON");
      return false;
    }
    if (root == null || !root.isObject()) {
      out.malformed("Gemini stream event is not a JSON object");
      return false;
    }
    if (root.has("error")) {
      out.error(root.get("error"));
      return false;
    }
    if (id == null && root.hasNonNull("responseId")) {
      id = root.get("responseId").asText();
    }
    if (model == null && root.hasNonNull("modelVersion")) {
      model = root.get("modelVersion").asText();
    }
    if (root.has("usageMetadata")) {
      lastUsage = root.get("usageMetadata");
    }
    if (finished) {
      return true; // nothing follows the finish in Gemini's streams; ignore stray content
    }
    JsonNode candidate = root.path("candidates").path(0);
    StringBuilder text = new StringBuilder();
    StringBuilder thoughts = new StringBuilder();
    List<JsonNode> functionCalls = new ArrayList<>();
    for (JsonNode part : candidate.path("content").path("parts")) {
      if (part.has("functionCall")) {
        functionCalls.add(part);
      } else if (part.path("thought").asBoolean(false)) {
        thoughts.append(part.path("text").asText(""));
      } else {
        text.append(part.path("text").asText(""));
      }
    }
    if (text.length() > 0 || thoughts.length() > 0) {
      ObjectNode delta = delta();
      if (thoughts.length() > 0) {
        delta.put("reasoning_content", thoughts.toString());
      }
      if (text.length() > 0) {
        delta.put("content", text.toString());
      }
      out.chunk(chunk(delta, null));
    }
    for (JsonNode part : functionCalls) {
      ObjectNode delta = delta();
      delta.putArray("tool_calls").add(GeminiAnswers.toolCall(part, id, calls++, true));
      out.chunk(chunk(delta, null));
    }
    String reason = candidate.path("finishReason").asText("");
    boolean blocked =
        candidate.isMissingNode() && root.path("promptFeedback").hasNonNull("blockReason");
    if (!reason.isEmpty() || blocked) {
      finished = true;
      out.chunk(
          chunk(
              delta(), blocked ? "content_filter" : GeminiAnswers.finishReason(reason, calls > 0)));
      ObjectNode usage = GeminiAnswers.usage(lastUsage);
      if (usage != null) {
        ObjectNode chunk = base();
        chunk.putArray("choices");
        chunk.set("usage", usage);
        out.chunk(chunk);
      }
    }
    return true;
  }

  private ObjectNode delta() {
    ObjectNode delta = NODES.objectNode();
    if (!roleSent) {
      delta.put("role", "assistant");
      roleSent = true;
    }
    return delta;
  }

  private ObjectNode chunk(ObjectNode delta, String finishReason) {
    return CanonicalChunks.chunk(
        id != null ? id : "chatcmpl-gemini",
        created,
        model != null ? model : requestedModel,
        delta,
        finishReason);
  }

  private ObjectNode base() {
    return CanonicalChunks.head(
        id != null ? id : "chatcmpl-gemini", created, model != null ? model : requestedModel);
  }
}
