package switchboard.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import switchboard.route.Health;
import switchboard.route.HealthBoard;

/** {@code GET /admin/v1/health}: the circuit breaker and latency estimates of every deployment. */
public final class HealthModule implements AdminModule {

  private final HealthBoard board;

  public HealthModule(HealthBoard board) {
    this.board = board;
  }

  @Override
  public void register(AdminRoutes routes) {
    routes.add(
        HttpMethod.GET,
        "/health",
        "Circuit breaker and latency per deployment",
        ctx -> {
          long now = board.now();
          ObjectNode out = JsonNodeFactory.instance.objectNode();
          ArrayNode data = out.putArray("data");
          for (Health h : board.all()) {
            Health.State s = h.state();
            ObjectNode o = data.addObject();
            o.put("deployment", h.deployment());
            o.put("breaker", s.mode().name().toLowerCase());
            o.put("available", h.available(now));
            o.put("skip_reason", h.refusal(now));
            o.put("available_in_ms", h.waitNanos(now) / 1_000_000);
            o.put("consecutive_failures", s.consecutive());
            o.put("window_requests", s.requests());
            o.put("window_failures", s.failures());
            o.put("inflight", h.inflight());
            number(o, "ttft_ewma_ms", h.ttftMillis());
            number(o, "ms_per_token_ewma", h.perTokenMillis());
            long p95 = h.ttftP95Nanos();
            if (p95 < 0) {
              o.putNull("ttft_p95_ms");
            } else {
              o.put("ttft_p95_ms", p95 / 1_000_000);
            }
          }
          AdminReplies.json(ctx, 200, out);
        });
  }

  private static void number(ObjectNode o, String field, double value) {
    if (Double.isNaN(value)) {
      o.putNull(field);
    } else {
      o.put(field, Math.round(value * 10) / 10.0);
    }
  }
}
