package switchboard.route;

import io.vertx.core.Future;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.Reply;
import switchboard.pipeline.Stage;

/**
 * The last stage: sends the request along the plan the admission stage left on the exchange ({@link
 * Plan#SLOT}), through the {@link Dispatcher} (retries, failover, hedging), and answers with what
 * served it up to the commit point ({@link Served}).
 */
public final class Routing implements Stage {

  private final Dispatcher dispatcher;

  public Routing(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public Future<Reply> apply(Exchange exchange, Next next) {
    Plan plan = exchange.get(Plan.SLOT);
    if (plan == null) {
      return Future.failedFuture(
          new IllegalStateException("no plan for request " + exchange.requestId));
    }
    return dispatcher.dispatch(exchange, plan).map(served -> served);
  }
}
