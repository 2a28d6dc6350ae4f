package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import switchboard.provider.Failure;
import switchboard.provider.Provider;
import switchboard.provider.UpstreamError;
import switchboard.provider.VendorQuirks;
import switchboard.provider.VendorQuirks.ChunkAction;
import switchboard.wire.StreamEncoder;
import switchboard.wire.openai.ChunkFacts;
import switchboard.wire.openai.ChunkScan;
import switchboard.wire.sse.SseEvent;
import switchboard.wire.sse.SseFrames;

/**
 * Reads an OpenAI-format upstream's events for a {@link StreamRelay}, each into a {@link
 * StreamStep}: the hot path. On passthrough, a plain chunk is scanned token by token and forwarded
 * as it came; any other chunk is read as a tree, its vendor quirks absorbed (re-serialised only
 * when they changed it), and translated when the client speaks another dialect. Event loop only.
 */
final class OpenAiEvents {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Buffer DATA = Buffer.buffer("data: ");
  private static final Buffer END_OF_EVENT = Buffer.buffer("\n\n");

  private final Provider provider;
  private final StreamTap tap;
  private final StreamEncoder encoder;
  private final boolean passthrough;
  private final boolean forwardUsage;

  OpenAiEvents(
      Provider provider,
      StreamTap tap,
      StreamEncoder encoder,
      boolean passthrough,
      boolean forwardUsage) {
    this.provider = provider;
    this.tap = tap;
    this.encoder = encoder;
    this.passthrough = passthrough;
    this.forwardUsage = forwardUsage;
  }

  /** Reads one SSE event of the upstream. */
  StreamStep read(SseEvent event) {
    String data = event.data();
    if (data.startsWith("[DONE]")) {
      return StreamStep.DONE;
    }
    if (passthrough && !VendorQuirks.rewrites(provider) && event.event() == null) {
      StreamStep plain = forwardPlain(data);
      if (plain != null) {
        return plain;
      }
    }
    JsonNode chunk;
    try {
      chunk = JSON.readTree(data);
    } catch (Exception e) {
      return new StreamStep.Fail(
          UpstreamError.of(Failure.BAD_RESPONSE, 200, "upstream sent a malformed stream chunk"));
    }
    if (!(chunk instanceof ObjectNode object)) {
      return new StreamStep.Fail(
          UpstreamError.of(
              Failure.BAD_RESPONSE, 200, "upstream sent a stream chunk that is not an object"));
    }
    if (event.event() != null && event.event().equals("error") || object.has("error")) {
      JsonNode error = object.has("error") ? object.get("error") : object;
      return new StreamStep.Fail(provider.classifyInBand(error));
    }
    ChunkAction action =
        provider instanceof VendorQuirks quirks ? quirks.normalizeChunk(object) : ChunkAction.KEEP;
    if (action == ChunkAction.DROP) {
      return StreamStep.NOTHING;
    }
    ChunkFacts facts = tap.read(object);
    Buffer frame;
    if (passthrough) {
      if (facts.usageOnly() && !forwardUsage) {
        return StreamStep.NOTHING;
      }
      frame = frame(action == ChunkAction.CHANGED ? object.toString() : data);
    } else {
      frame = encoder.chunk(object);
    }
    return new StreamStep.Emit(frame, facts.hasContent() || facts.finishReason() != null);
  }

  /**
   * The fast path of the OpenAI passthrough: a plain chunk (see {@link ChunkScan}) is read token by
   * token and forwarded as it came, with no tree built. Returns null when the chunk needs the tree
   * path (a quirk to absorb, an error, malformed JSON, which that path reports).
   */
  private StreamStep forwardPlain(String data) {
    ChunkScan scan;
    try {
      scan = ChunkScan.of(data);
    } catch (java.io.IOException e) {
      return null;
    }
    if (!scan.plain()) {
      return null;
    }
    tap.read(scan);
    if (scan.usageOnly() && !forwardUsage) {
      return StreamStep.NOTHING;
    }
    return new StreamStep.Emit(frame(data), scan.hasContent() || scan.finishReason() != null);
  }

  /** The chunk as one event; data the upstream spread over several lines keeps one field each. */
  private static Buffer frame(String data) {
    if (data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) {
      return SseFrames.of(null, data);
    }
    return Buffer.buffer(data.length() + 8)
        .appendBuffer(DATA)
        .appendString(data, StandardCharsets.UTF_8.name())
        .appendBuffer(END_OF_EVENT);
  }
}
