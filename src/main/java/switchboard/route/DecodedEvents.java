package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import switchboard.provider.Failure;
import switchboard.provider.Provider;
import switchboard.provider.UpstreamError;
import switchboard.wire.StreamDecoder;
import switchboard.wire.StreamEncoder;
import switchboard.wire.openai.ChunkFacts;

/**
 * Takes what another dialect's {@link StreamDecoder} reports for a {@link StreamRelay}, as {@link
 * StreamStep}s the relay collects after each read ({@link #steps}): canonical chunks are tapped,
 * and either encoded for the client or, when the client speaks the upstream's dialect, only noted,
 * the raw frame they came from going out as it is. Event loop only.
 */
final class DecodedEvents implements StreamDecoder.Out {

  private final Provider provider;
  private final StreamTap tap;
  private final StreamEncoder encoder;
  private final boolean passthrough;
  private final List<StreamStep> steps = new ArrayList<>();

  /** Whether a chunk reported since the last raw frame had content (passthrough). */
  private boolean frameHasContent;

  /** A failure was reported: the stream is over, and nothing after it is read (or tapped). */
  private boolean failed;

  DecodedEvents(Provider provider, StreamTap tap, StreamEncoder encoder, boolean passthrough) {
    this.provider = provider;
    this.tap = tap;
    this.encoder = encoder;
    this.passthrough = passthrough;
  }

  /**
   * The steps reported since the last call, in order; the list is reused: read it before the next
   * read.
   */
  List<StreamStep> steps() {
    return steps;
  }

  @Override
  public void chunk(ObjectNode chunk) {
    if (failed) {
      return;
    }
    ChunkFacts facts = tap.read(chunk);
    boolean content = facts.hasContent() || facts.finishReason() != null;
    if (passthrough) {
      frameHasContent |= content;
    } else {
      steps.add(new StreamStep.Emit(encoder.chunk(chunk), content));
    }
  }

  @Override
  public void frame(Buffer raw) {
    if (passthrough && !failed) {
      boolean content = frameHasContent;
      frameHasContent = false;
      steps.add(new StreamStep.Emit(encoder.relayed(raw), content));
    }
  }

  @Override
  public void done() {
    steps.add(StreamStep.DONE);
  }

  @Override
  public void error(JsonNode error) {
    fail(provider.classifyInBand(error));
  }

  @Override
  public void malformed(String why) {
    fail(UpstreamError.of(Failure.BAD_RESPONSE, 200, "upstream sent a malformed stream: " + why));
  }

  private void fail(UpstreamError error) {
    if (!failed) {
      failed = true;
      steps.add(new StreamStep.Fail(error));
    }
  }
}
