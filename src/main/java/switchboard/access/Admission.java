package switchboard.access;

import io.vertx.core.Future;
import java.util.function.Supplier;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayOptions;
import switchboard.pipeline.Reply;
import switchboard.pipeline.Stage;
import switchboard.route.Plan;
import switchboard.route.Planner;

/**
 * The admission stage: plans the request's route (the targets whose prices bound its worst case)
 * and lets the {@link Governor} admit it, reserving the budget and taking the rate limits (402, 429
 * otherwise). The rate-limit headers go on the answer whatever comes of it. The plan is left on the
 * exchange for the route stage; the reservation is settled by the exit's record.
 */
public final class Admission implements Stage {

  private final Supplier<Planner> planner;
  private final Governor governor;
  private final Supplier<GatewayOptions> global;

  /**
   * @param global the gateway-wide default options (the settings), read per request
   */
  public Admission(Supplier<Planner> planner, Governor governor, Supplier<GatewayOptions> global) {
    this.planner = planner;
    this.governor = governor;
    this.global = global;
  }

  @Override
  public Future<Reply> apply(Exchange exchange, Next next) {
    GatewayOptions everyone = global.get();
    // Planning reads the options in force (cache affinity follows auto_cache), so the
    // gateway-wide ones are laid first; the policy's go between them and the key's once known.
    exchange.defaults(everyone);
    Plan plan = planner.get().plan(exchange);
    exchange.defaults(plan.options().over(everyone));
    exchange.notes.policy(plan.policy());
    exchange.put(Plan.SLOT, plan);
    Caller caller = exchange.get(Caller.SLOT);
    if (caller == null) {
      // never guess who asked: an exchange read without its caller is a wiring error
      return Future.failedFuture(
          new IllegalStateException("request " + exchange.requestId + " has no caller"));
    }
    return governor
        .admit(caller, exchange, plan.targets())
        .compose(
            decision -> {
              decision.headers().forEach(exchange::answerHeader);
              return decision.admitted()
                  ? next.apply(exchange)
                  : Future.failedFuture(decision.refusal());
            });
  }
}
