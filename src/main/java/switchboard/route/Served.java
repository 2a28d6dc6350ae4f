package switchboard.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import switchboard.model.Usage;

/** What the dispatcher hands back once a target has served the request (the commit point). */
public sealed interface Served {

  Target target();

  /**
   * A complete answer.
   *
   * @param json the answer as a tree when it was built (vendor quirks absorbed), else null
   * @param bytes the bytes to send: the upstream's own when nothing changed
   */
  record Complete(Target target, ObjectNode json, Buffer bytes, Usage usage, String servedModel)
      implements Served {}

  /** A stream past its first content; attach a sink to receive it. */
  record Streaming(Target target, StreamRelay relay) implements Served {}
}
