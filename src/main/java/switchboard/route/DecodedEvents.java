package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import switchboard.provider.Failure;
import switchboard.provider.Provider;
import switchboard.provider.UpstreamError;
import switchboard.wire.StreamDecoder;
import switchboard.wire.StreamEncoder;
import switchboard.wire.openai.ChunkFacts;

/**
 * Takes what another dialect's {@link StreamDecoder} reports for a {@link StreamRelay}: canonical
 * chunks are tapped, and either encoded for the client or, when the client speaks the upstream's
 * dialect, only noted, the raw frame they came from going out as it is. Event loop only.
 */
final class DecodedEvents implements StreamDecoder.Out {

  private final StreamRelay relay;
  private final Provider provider;
  private final StreamTap tap;
  private final StreamEncoder encoder;
  private final boolean passthrough;

  /** Whether a chunk reported since the last raw frame had content (passthrough). */
  private boolean frameHasContent;

  DecodedEvents(
      StreamRelay relay,
      Provider provider,
      StreamTap tap,
      StreamEncoder encoder,
      boolean passthrough) {
    this.relay = relay;
    this.provider = provider;
    this.tap = tap;
    this.encoder = encoder;
    this.passthrough = passthrough;
  }

  @Override
  public void chunk(ObjectNode chunk) {
    if (relay.isOver()) {
      return;
    }
    ChunkFacts facts = tap.read(chunk);
    boolean content = facts.hasContent() || facts.finishReason() != null;
    if (passthrough) {
      frameHasContent |= content;
    } else {
      relay.emit(encoder.chunk(chunk), content);
    }
  }

  @Override
  public void frame(Buffer raw) {
    if (!relay.isOver() && passthrough) {
      boolean content = frameHasContent;
      frameHasContent = false;
      relay.emit(encoder.relayed(raw), content);
    }
  }

  @Override
  public void done() {
    relay.sawDone();
  }

  @Override
  public void error(JsonNode error) {
    if (!relay.isOver()) {
      relay.fail(provider.classifyInBand(error));
    }
  }

  @Override
  public void malformed(String why) {
    if (!relay.isOver()) {
      relay.fail(
          UpstreamError.of(Failure.BAD_RESPONSE, 200, "upstream sent a malformed stream: " + why));
    }
  }
}
