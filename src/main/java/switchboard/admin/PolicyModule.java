package switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Regions;
import switchboard.route.Health;
import switchboard.route.HealthBoard;
import switchboard.route.Pick;
import switchboard.route.Plan;
import switchboard.route.Planner;
import switchboard.route.PolicyBook;
import switchboard.route.RouteInput;
import switchboard.route.Target;

/**
 * {@code /admin/v1/policies}: routing policies (list, read, create or replace, delete) and the dry
 * run, which shows for a request and the current health which targets would be tried, in which
 * order, and why.
 */
public final class PolicyModule implements AdminModule {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final PolicyBook book;
  private final Supplier<Planner> planner;
  private final HealthBoard health;

  public PolicyModule(PolicyBook book, Supplier<Planner> planner, HealthBoard health) {
    this.book = book;
    this.planner = planner;
    this.health = health;
  }

  @Override
  public void register(AdminRoutes routes) {
    routes.add(
        HttpMethod.GET,
        "/policies",
        "Every routing policy, with its source",
        ctx -> {
          ObjectNode out = NODES.objectNode();
          ArrayNode data = out.putArray("data");
          book.list().forEach(e -> data.add(json(e)));
          AdminReplies.json(ctx, 200, out);
        });
    routes.add(
        HttpMethod.POST,
        "/policies/dry-run",
        "Which targets a request would try now, in order, and why",
        this::dryRun);
    routes.add(
        HttpMethod.POST,
        "/policies",
        "Create a policy: {\"name\": ..., \"kind\": ...}",
        ctx -> {
          ObjectNode body = body(ctx);
          JsonNode name = body.remove("name");
          if (name == null || !name.isTextual()) {
            throw GatewayException.invalid("name", "Missing required parameter: 'name'.");
          }
          if (book.find(name.asText()) != null) {
            throw new GatewayException(
                ErrorKind.INVALID_REQUEST,
                409,
                "Policy '"
                    + name.asText()
                    + "' already exists; use PUT /admin/v1/policies/"
                    + name.asText()
                    + " to replace it.",
                "name",
                "policy_exists",
                null);
          }
          save(ctx, name.asText(), body);
        });
    routes.add(
        HttpMethod.GET,
        "/policies/:name",
        "One routing policy",
        ctx -> {
          PolicyBook.Entry entry = book.find(ctx.pathParam("name"));
          if (entry == null) {
            throw notFound(ctx.pathParam("name"));
          }
          AdminReplies.json(ctx, 200, json(entry));
        });
    routes.add(
        HttpMethod.PUT,
        "/policies/:name",
        "Create or replace a routing policy",
        ctx -> save(ctx, ctx.pathParam("name"), body(ctx)));
    routes.add(
        HttpMethod.DELETE,
        "/policies/:name",
        "Delete a routing policy",
        ctx -> {
          String name = ctx.pathParam("name");
          book.delete(name)
              .onComplete(
                  done -> {
                    if (done.failed()) {
                      fail(ctx, done.cause());
                    } else if (!done.result()) {
                      AdminReplies.error(ctx, notFound(name));
                    } else {
                      ctx.response().setStatusCode(204).end();
                    }
                  });
        });
  }

  private void save(RoutingContext ctx, String name, ObjectNode spec) {
    book.put(name, spec)
        .onComplete(
            done -> {
              if (done.failed()) {
                fail(ctx, done.cause());
              } else {
                AdminReplies.json(ctx, done.result() ? 201 : 200, json(book.find(name)));
              }
            });
  }

  private void dryRun(RoutingContext ctx) {
    ObjectNode body = body(ctx);
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual()) {
      throw GatewayException.invalid("model", "Missing required parameter: 'model'.");
    }
    List<String> fallbacks = new ArrayList<>();
    body.path("models").forEach(m -> fallbacks.add(m.asText()));
    JsonNode ext = body.has("switchboard") ? body.get("switchboard") : body.path("requesty");
    String user =
        ext.path("user_id").isTextual()
            ? ext.path("user_id").asText()
            : body.path("user").isTextual() ? body.path("user").asText() : null;
    String trace = ext.path("trace_id").isTextual() ? ext.path("trace_id").asText() : null;
    String key = body.path("key").asText("master");
    Plan plan =
        planner
            .get()
            .plan(
                key,
                model.asText(),
                fallbacks,
                new RouteInput(
                    user,
                    trace,
                    body.path("stream").asBoolean(false),
                    null,
                    Regions.parse(ext.get("regions"), "switchboard.regions")));
    ObjectNode out = NODES.objectNode();
    out.put("model", model.asText());
    out.put("policy", plan.policy());
    if (plan.hedge() == null) {
      out.putNull("hedge");
    } else {
      out.putObject("hedge")
          .put("after_ms", plan.hedge().after().toMillis())
          .put("p95", plan.hedge().p95());
    }
    ArrayNode targets = out.putArray("targets");
    long now = health.now();
    int position = 0;
    for (Pick pick : plan.picks()) {
      Target t = pick.target();
      Health h = health.of(t);
      String refusal = h.refusal(now);
      ObjectNode o = targets.addObject();
      o.put("position", ++position);
      o.put("target", t.name());
      o.put("reason", pick.reason());
      o.put("would_try", refusal == null);
      o.put("skip_reason", refusal);
      o.put("breaker", h.state().mode().name().toLowerCase());
      o.put("retries", t.retry().retries());
      o.put("context_window", t.contextWindow());
      o.put("region", t.region());
      if (t.params() != null) {
        o.set("params", t.params());
      }
    }
    out.put(
        "note",
        "Health is read now, without claiming a probe; a weighted pick without"
            + " stickiness is one random draw (run again to see others).");
    AdminReplies.json(ctx, 200, out);
  }

  private static ObjectNode json(PolicyBook.Entry entry) {
    ObjectNode o = NODES.objectNode();
    o.put("name", entry.name());
    o.put("source", entry.source() == PolicyBook.Source.CONFIG ? "config" : "admin");
    o.setAll(entry.spec());
    return o;
  }

  private static ObjectNode body(RoutingContext ctx) {
    try {
      JsonNode node =
          ctx.body().buffer() == null ? null : JSON.readTree(ctx.body().buffer().getBytes());
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (Exception e) {
      // answered below
    }
    throw GatewayException.invalid(null, "The request body must be a JSON object.");
  }

  private static GatewayException notFound(String name) {
    return new GatewayException(
        ErrorKind.NOT_FOUND,
        404,
        "Routing policy '" + name + "' does not exist.",
        null,
        "policy_not_found",
        null);
  }

  private static void fail(RoutingContext ctx, Throwable cause) {
    if (cause instanceof GatewayException g) {
      AdminReplies.error(ctx, g);
      return;
    }
    java.util.logging.Logger.getLogger(PolicyModule.class.getName())
        .log(java.util.logging.Level.SEVERE, "policy change failed", cause);
    AdminReplies.error(
        ctx,
        new GatewayException(
            ErrorKind.INTERNAL, "The policy could not be saved; see the gateway log."));
  }
}
