package switchboard.pipeline;

import io.vertx.core.Future;

/**
 * One step of a request's path after it was authenticated and read into an {@link Exchange}: admit,
 * then (caching, guardrails) as many stages as the gateway lists, then route. {@code Gateway} lists
 * them in order; {@link Chain} runs them.
 *
 * <p>A stage does one of three things, all on the exchange's event loop:
 *
 * <ul>
 *   <li><b>passes on</b>: returns {@code next.apply(exchange)}, possibly after rewriting the
 *       canonical request ({@link Exchange#rewrite}) or registering an {@link AnswerHook} to see
 *       and change the answer on its way back ({@link Exchange#hook});
 *   <li><b>answers</b> instead of routing: returns a {@link Reply} it built ({@link Reply.Answer},
 *       {@link Reply.Replay}) without calling {@code next}, e.g. a response-cache hit;
 *   <li><b>refuses</b>: returns a failed future, a {@link GatewayException} in the client's
 *       envelope (a budget, a rate limit, a guardrail block).
 * </ul>
 *
 * <p>Whatever it does, the request leaves through the one exit (in {@code http}), which writes the
 * answer in the client's dialect, runs the hooks' {@link AnswerHook#finished}, records the request
 * and settles its reservation exactly once. A stage never writes to the client, never records and
 * never settles. Per-request state a stage needs later is kept on the exchange under a {@link
 * Exchange.Slot} the stage declares (a typed constant, never a string).
 */
@FunctionalInterface
public interface Stage {

  /**
   * Runs this stage.
   *
   * @param next the stages after this one; call it at most once
   * @return the reply to write, or a failure to answer with; the future never completes with null
   */
  Future<Reply> apply(Exchange exchange, Next next);

  /** The rest of the chain, from the stage after the caller on. */
  @FunctionalInterface
  interface Next {
    Future<Reply> apply(Exchange exchange);
  }
}
