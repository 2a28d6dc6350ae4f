package switchboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.Operation;
import switchboard.route.Target;
import switchboard.usage.ModelInfo;
import switchboard.usage.PriceCatalog;
import switchboard.usage.TokenCounter;

/**
 * The most a request can cost before it is sent: its prompt tokens (counted with the tokenizer) at
 * the input price, plus its maximum output at the output price, plus markup; the dearest target of
 * the plan counts, since any of them may serve.
 *
 * <p>The maximum output is the request's {@code max_completion_tokens} or {@code max_tokens};
 * without one, the configured default (4,096) capped by the model's own maximum output. Either way
 * it is capped by what the context window leaves after the prompt. Without the default cap, an
 * unbounded request to a 128k-output model would hold a dollar of budget while in flight and refuse
 * its neighbours; with it, an answer longer than the default can overshoot the budget by the
 * difference, which the ledger then shows.
 */
final class WorstCase {

  /** Prompt and output tokens assumed, and the cost in nano-USD. */
  record Estimate(long promptTokens, long outputTokens, long nanos) {}

  private final PriceCatalog catalog;
  private final TokenCounter tokens;
  private final double markupPercent;
  private final long defaultMaxOutput;

  WorstCase(
      PriceCatalog catalog, TokenCounter tokens, double markupPercent, long defaultMaxOutput) {
    this.catalog = catalog;
    this.tokens = tokens;
    this.markupPercent = markupPercent;
    this.defaultMaxOutput = defaultMaxOutput;
  }

  Estimate of(Exchange exchange, List<Target> plan) {
    String firstModel = plan.isEmpty() ? "" : plan.get(0).model();
    long prompt = tokens.prompt(firstModel, exchange.body());
    long requested = requestedMax(exchange.body());
    long worstNanos = 0;
    long worstOutput = 0;
    for (Target target : plan) {
      ModelInfo info = catalog.find(target.provider().id(), target.model(), null);
      long output =
          exchange.operation == Operation.EMBEDDINGS ? 0 : maxOutput(info, requested, prompt);
      worstOutput = Math.max(worstOutput, output);
      if (info == null || info.input() == null) {
        continue; // unpriced: its cost is unknown, so it cannot be held against a budget
      }
      double usd =
          (prompt * info.input() + output * (info.output() == null ? 0 : info.output()))
              * 1e-6
              * (1 + markupPercent / 100);
      worstNanos = Math.max(worstNanos, NanoUsd.of(usd));
    }
    return new Estimate(prompt, worstOutput, worstNanos);
  }

  private long maxOutput(ModelInfo info, long requested, long prompt) {
    long out = requested > 0 ? requested : defaultMaxOutput;
    if (requested <= 0 && info != null && info.maxOutput() > 0) {
      out = Math.min(out, info.maxOutput());
    }
    if (info != null && info.contextWindow() > 0) {
      out = Math.min(out, Math.max(1, info.contextWindow() - prompt));
    }
    return out;
  }

  /** {@code max_completion_tokens}, else {@code max_tokens}, else 0. */
  static long requestedMax(JsonNode body) {
    JsonNode v = body.get("max_completion_tokens");
    if (v == null || !v.canConvertToExactIntegral()) {
      v = body.get("max_tokens");
    }
    return v != null && v.canConvertToExactIntegral() ? Math.max(0, v.asLong()) : 0;
  }
}
