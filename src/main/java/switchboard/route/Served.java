package switchboard.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import switchboard.model.Usage;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.Reply;

/**
 * What the dispatcher hands back once a target has served the request (the commit point): the route
 * stage's {@link Reply}.
 */
public sealed interface Served extends Reply {

  Target target();

  @Override
  default Reply.Origin origin() {
    return new Reply.Origin(target().provider().id(), target().name());
  }

  /**
   * A complete answer.
   *
   * @param json the answer as a canonical tree when it was built (vendor quirks absorbed,
   *     translated from another dialect), else null
   * @param bytes the bytes to send: the upstream's own when nothing changed
   * @param dialect the dialect {@code bytes} are in: the upstream's on passthrough, else OpenAI
   */
  record Complete(
      Target target,
      ObjectNode json,
      Buffer bytes,
      Usage usage,
      String servedModel,
      Dialect dialect)
      implements Served {

    /** An answer in the canonical (OpenAI) dialect. */
    public Complete(Target target, ObjectNode json, Buffer bytes, Usage usage, String servedModel) {
      this(target, json, bytes, usage, servedModel, Dialect.OPENAI);
    }
  }

  /** A stream past its first content; attach a sink to receive it. */
  record Streaming(Target target, StreamRelay relay) implements Served {}
}
