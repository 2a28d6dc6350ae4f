package switchboard.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import switchboard.pipeline.AnswerHook;
import switchboard.wire.StreamEncoder;

/** Hands each canonical chunk of a stream to the stages' hooks before the client's encoder. */
final class HookedEncoder implements StreamEncoder {

  private final List<AnswerHook> hooks;
  private final StreamEncoder encoder;

  HookedEncoder(List<AnswerHook> hooks, StreamEncoder encoder) {
    this.hooks = List.copyOf(hooks);
    this.encoder = encoder;
  }

  @Override
  public Buffer chunk(ObjectNode chunk) {
    ObjectNode out = chunk;
    for (AnswerHook hook : hooks) {
      out = hook.chunk(out);
    }
    return encoder.chunk(out);
  }

  @Override
  public Buffer end() {
    return encoder.end();
  }

  @Override
  public Buffer error(String type, String message) {
    return encoder.error(type, message);
  }
}
