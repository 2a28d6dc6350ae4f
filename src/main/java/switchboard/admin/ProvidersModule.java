package switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import switchboard.config.ProviderBook;
import switchboard.config.ProviderJson;
import switchboard.model.DeploymentRegion;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Provider;
import switchboard.route.Health;
import switchboard.route.HealthBoard;

/**
 * {@code /admin/v1/providers} and {@code /admin/v1/deployments}: providers (list, read, create,
 * change, disable, enable, delete), with every secret masked in every answer, and each deployment
 * ({@code provider/model}) with its circuit state and measured latency.
 */
public final class ProvidersModule implements AdminModule {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ProviderBook book;
  private final HealthBoard health;
  private final Function<String, Provider> inForce;

  /**
   * @param inForce the enabled provider of an id, or null: it knows each deployment's region
   */
  public ProvidersModule(
      ProviderBook book, HealthBoard health, Function<String, Provider> inForce) {
    this.book = book;
    this.health = health;
    this.inForce = inForce;
  }

  public ProvidersModule(ProviderBook book, HealthBoard health) {
    this(book, health, id -> null);
  }

  @Override
  public void register(AdminRoutes routes) {
    routes.add(
        HttpMethod.GET,
        "/providers",
        "Every provider, secrets masked, with its deployments' health",
        ctx -> {
          ObjectNode out = NODES.objectNode();
          ArrayNode data = out.putArray("data");
          Map<String, Map<String, Health>> seen = seen();
          book.list().forEach(e -> data.add(json(e, seen)));
          AdminReplies.json(ctx, 200, out);
        });
    routes.add(
        HttpMethod.POST,
        "/providers",
        "Add a provider: {\"id\": ..., \"vendor\": ..., \"api_key\": ...}; in force at once",
        ctx -> {
          ObjectNode body = object(ctx);
          JsonNode id = body.remove("id");
          if (id == null || !id.isTextual()) {
            throw GatewayException.invalid("id", "Missing required parameter: 'id'.");
          }
          AsyncReplies.reply(ctx, 201, book.create(id.asText(), body).map(e -> json(e, seen())));
        });
    routes.add(
        HttpMethod.GET,
        "/providers/:id",
        "One provider, secrets masked",
        ctx -> AdminReplies.json(ctx, 200, json(book.get(ctx.pathParam("id")), seen())));
    routes.add(
        HttpMethod.PATCH,
        "/providers/:id",
        "Change a provider (fields given replace; a masked secret keeps the one in force)",
        ctx -> update(ctx, object(ctx)));
    routes.add(
        HttpMethod.POST,
        "/providers/:id/disable",
        "Disable a provider: requests to it fail with 404 until it is enabled",
        ctx -> update(ctx, NODES.objectNode().put("enabled", false)));
    routes.add(
        HttpMethod.POST,
        "/providers/:id/enable",
        "Enable a disabled provider",
        ctx -> update(ctx, NODES.objectNode().put("enabled", true)));
    routes.add(
        HttpMethod.DELETE,
        "/providers/:id",
        "Delete a provider saved through the admin API",
        ctx ->
            book.delete(ctx.pathParam("id"))
                .onComplete(
                    done -> {
                      if (done.succeeded()) {
                        ctx.response().setStatusCode(204).end();
                      } else {
                        AsyncReplies.reply(
                            ctx, 500, io.vertx.core.Future.<JsonNode>failedFuture(done.cause()));
                      }
                    }));
    routes.add(
        HttpMethod.GET,
        "/deployments",
        "Every deployment (provider/model) with its circuit state and measured latency",
        ctx -> {
          ObjectNode out = NODES.objectNode();
          ArrayNode data = out.putArray("data");
          Map<String, Map<String, Health>> seen = seen();
          long now = health.now();
          for (ProviderBook.Entry e : book.list()) {
            deployments(e, seen, now).forEach(data::add);
          }
          AdminReplies.json(ctx, 200, out);
        });
  }

  private void update(RoutingContext ctx, ObjectNode change) {
    AsyncReplies.reply(
        ctx, 200, book.update(ctx.pathParam("id"), change).map(e -> json(e, seen())));
  }

  private ObjectNode json(ProviderBook.Entry e, Map<String, Map<String, Health>> seen) {
    ObjectNode o = NODES.objectNode();
    o.put("id", e.id());
    o.put("vendor", e.config().vendor());
    o.put("source", e.source().name().toLowerCase());
    o.put("enabled", e.enabled());
    ObjectNode spec = ProviderJson.masked(e.spec());
    spec.remove("vendor");
    o.setAll(spec);
    ArrayNode list = o.putArray("deployments");
    deployments(e, seen, health.now()).forEach(list::add);
    return o;
  }

  /** The provider's declared models and those that served requests, each with its health. */
  private ArrayNode deployments(
      ProviderBook.Entry e, Map<String, Map<String, Health>> seen, long now) {
    Map<String, Health> models = new TreeMap<>();
    e.config().models().forEach(m -> models.put(m, null));
    models.putAll(seen.getOrDefault(e.id(), Map.of()));
    ArrayNode out = NODES.arrayNode();
    Provider provider = inForce.apply(e.id());
    // The region it serves in for data residency (eu for Bedrock's eu-central-1), not as given.
    String region = DeploymentRegion.of(e.config().setting("region"), e.config().baseUrl());
    models.forEach(
        (model, h) -> {
          ObjectNode o = out.addObject();
          o.put("deployment", e.id() + "/" + model);
          o.put("provider", e.id());
          o.put("model", model);
          o.put("enabled", e.enabled());
          o.put(
              "region",
              provider != null
                  ? provider.region(model)
                  : DeploymentRegion.forModel(e.config().vendor(), region, model));
          if (h == null) {
            o.put("breaker", "closed");
            o.put("available", e.enabled());
            o.putNull("skip_reason");
            o.put("inflight", 0);
            o.put("window_requests", 0);
            o.put("window_failures", 0);
            ObjectNode latency = o.putObject("latency");
            latency.putNull("ttft_ewma_ms");
            latency.putNull("ttft_p95_ms");
            latency.putNull("ms_per_token_ewma");
            return;
          }
          Health.State s = h.state();
          o.put("breaker", s.mode().name().toLowerCase());
          o.put("available", e.enabled() && h.available(now));
          o.put("skip_reason", e.enabled() ? h.refusal(now) : "provider disabled");
          o.put("inflight", h.inflight());
          o.put("window_requests", s.requests());
          o.put("window_failures", s.failures());
          ObjectNode latency = o.putObject("latency");
          number(latency, "ttft_ewma_ms", h.ttftMillis());
          long p95 = h.ttftP95Nanos();
          if (p95 < 0) {
            latency.putNull("ttft_p95_ms");
          } else {
            latency.put("ttft_p95_ms", p95 / 1_000_000);
          }
          number(latency, "ms_per_token_ewma", h.perTokenMillis());
        });
    return out;
  }

  /** The deployments with health, by provider id and model. */
  private Map<String, Map<String, Health>> seen() {
    Map<String, Map<String, Health>> out = new LinkedHashMap<>();
    for (Health h : health.all()) {
      String name = h.deployment();
      int slash = name.indexOf('/');
      if (slash > 0) {
        out.computeIfAbsent(name.substring(0, slash), k -> new TreeMap<>())
            .put(name.substring(slash + 1), h);
      }
    }
    return out;
  }

  private static void number(ObjectNode o, String field, double value) {
    if (Double.isNaN(value)) {
      o.putNull(field);
    } else {
      o.put(field, Math.round(value * 10) / 10.0);
    }
  }

  private static ObjectNode object(RoutingContext ctx) {
    JsonNode body = AsyncReplies.body(ctx);
    if (body instanceof ObjectNode o) {
      return o;
    }
    throw GatewayException.invalid(null, "The request body must be a JSON object.");
  }
}
