package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.wire.openai.ChunkFacts;
import switchboard.wire.openai.ChunkScan;

/**
 * What a relay learns from the canonical chunks going by: the served model, the usage, the finish
 * reason, the stream id, the text relayed (counted when no usage comes) and whether the answer is
 * still plain text (continuable). Event loop only.
 */
final class StreamTap {

  private final OutputTally tally = new OutputTally();
  private String servedModel;
  private String finishReason;
  private JsonNode usage;
  private String streamId;
  private boolean plainText = true;

  /** Reads one canonical chunk; returns its facts. */
  ChunkFacts read(ObjectNode chunk) {
    ChunkFacts facts = ChunkFacts.of(chunk);
    if (streamId == null && chunk.hasNonNull("id")) {
      streamId = chunk.get("id").asText();
    }
    if (facts.model() != null) {
      servedModel = facts.model();
    }
    if (facts.usage() != null) {
      usage = facts.usage();
    }
    if (facts.finishReason() != null) {
      finishReason = facts.finishReason();
    }
    if (facts.hasContent()) {
      if (plainText && ContinuationPrompt.notPlainText(chunk)) {
        plainText = false;
      }
      tally.add(chunk);
    }
    return facts;
  }

  /** Reads a plain chunk that was scanned without a tree (the fast path). */
  void read(ChunkScan scan) {
    if (streamId == null && scan.id() != null) {
      streamId = scan.id();
    }
    if (scan.model() != null && !scan.model().isEmpty()) {
      servedModel = scan.model();
    }
    if (scan.usage() != null) {
      usage = scan.usage();
    }
    if (scan.finishReason() != null) {
      finishReason = scan.finishReason();
    }
    if (scan.hasContent()) {
      plainText &= !scan.reasoning();
      tally.addText(scan.text());
    }
  }

  String servedModel() {
    return servedModel;
  }

  /** The last finish reason seen, or null: the answer is not finished. */
  String finishReason() {
    return finishReason;
  }

  JsonNode usage() {
    return usage;
  }

  String streamId() {
    return streamId;
  }

  boolean plainText() {
    return plainText;
  }

  String text() {
    return tally.text();
  }
}
