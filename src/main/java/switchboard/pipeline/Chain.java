package switchboard.pipeline;

import io.vertx.core.Future;
import java.util.List;

/**
 * The stages of a request's path in order, run one into the next. The last stage (route) answers
 * without calling on; a chain that runs out of stages fails, so a misconfigured list is a 500, not
 * a hung request. A stage that throws instead of returning a failed future fails the same way.
 */
public final class Chain implements Stage.Next {

  private final List<Stage> stages;

  private Chain(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  public static Chain of(List<Stage> stages) {
    return new Chain(stages);
  }

  public static Chain of(Stage... stages) {
    return new Chain(List.of(stages));
  }

  public List<Stage> stages() {
    return stages;
  }

  @Override
  public Future<Reply> apply(Exchange exchange) {
    return from(0, exchange);
  }

  private Future<Reply> from(int index, Exchange exchange) {
    if (index == stages.size()) {
      return Future.failedFuture(
          new IllegalStateException("no stage answered request " + exchange.requestId));
    }
    try {
      Future<Reply> reply = stages.get(index).apply(exchange, next -> from(index + 1, next));
      return reply != null
          ? reply
          : Future.failedFuture(new IllegalStateException("stage " + index + " returned null"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
