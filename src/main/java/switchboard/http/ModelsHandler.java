package switchboard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import switchboard.access.Caller;
import switchboard.access.Governor;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Provider;
import switchboard.provider.ProviderRegistry;
import switchboard.upstream.ModelLists;
import switchboard.usage.ModelInfo;
import switchboard.usage.PriceCatalog;

/**
 * {@code GET /v1/models}: every model of every enabled provider as {@code provider/model}, from
 * what providers declare (custom deployments, the simulators), from the lists providers offer
 * (fetched and cached by {@link ModelLists}) and from the catalog; for a gateway key, only those
 * its allow-list lets it use. {@code GET /v1/models/{id}}: one of them, or 404.
 */
final class ModelsHandler implements Handler<RoutingContext> {

  private final Supplier<ProviderRegistry> providers;
  private final PriceCatalog catalog;
  private final Governor governor;
  private final ModelLists lists;

  ModelsHandler(
      Supplier<ProviderRegistry> providers,
      PriceCatalog catalog,
      Governor governor,
      ModelLists lists) {
    this.providers = providers;
    this.catalog = catalog;
    this.governor = governor;
    this.lists = lists;
  }

  /** Where {@code GET /v1/models/{id}} is routed; the id is the rest of the path. */
  static final String ONE_PREFIX = "/v1/models/";

  @Override
  public void handle(RoutingContext ctx) {
    ProviderRegistry registry = providers.get();
    List<Provider> all = List.copyOf(registry.all());
    List<Future<List<String>>> fetched = all.stream().map(lists::of).toList();
    Future.join(fetched)
        .onComplete(
            done -> {
              Map<Provider, List<String>> offered = new LinkedHashMap<>();
              for (int i = 0; i < all.size(); i++) {
                List<String> models = fetched.get(i).result();
                offered.put(all.get(i), models == null ? List.of() : models);
              }
              String path = ctx.request().path();
              if (path.startsWith(ONE_PREFIX)) {
                answerOne(ctx, registry, offered, idOf(path));
              } else {
                answerList(ctx, registry, offered);
              }
            });
  }

  /**
   * The id after {@code /v1/models/}: SDKs percent-encode the slash of {@code provider/model}
   * ({@code openai%2Fgpt-4o}), curl users send it raw; both name the same model. A {@code +} stays
   * a plus (this is a path, not a form).
   */
  static String idOf(String path) {
    String raw = path.substring(ONE_PREFIX.length());
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private void answerOne(
      RoutingContext ctx,
      ProviderRegistry registry,
      Map<Provider, List<String>> offered,
      String id) {
    ArrayNode data = JsonNodeFactory.instance.arrayNode();
    collect(ctx, registry, offered, data);
    for (var model : data) {
      if (model.get("id").asText().equals(id)) {
        Replies.json(ctx.response(), 200, Buffer.buffer(model.toString()));
        return;
      }
    }
    Replies.error(
        ctx.response(),
        new GatewayException(
            ErrorKind.NOT_FOUND,
            404,
            "The model '" + id + "' does not exist or this key may not use it.",
            "model",
            "model_not_found",
            null));
  }

  private void answerList(
      RoutingContext ctx, ProviderRegistry registry, Map<Provider, List<String>> offered) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("object", "list");
    collect(ctx, registry, offered, root.putArray("data"));
    Replies.json(ctx.response(), 200, Buffer.buffer(root.toString()));
  }

  private void collect(
      RoutingContext ctx,
      ProviderRegistry registry,
      Map<Provider, List<String>> offered,
      ArrayNode data) {
    long created = created();
    Set<String> seen = new LinkedHashSet<>();
    Caller caller = ctx.get(ApiServer.CALLER);
    // A key sees only the models its allow-list lets it use.
    java.util.function.Predicate<String> visible = id -> governor.allows(caller, id);
    for (Provider provider : registry.all()) {
      for (String model : provider.declaredModels()) {
        if (visible.test(provider.id() + "/" + model)) {
          add(data, seen, provider.id() + "/" + model, provider.id(), created);
        }
      }
      for (String model : offered.get(provider)) {
        if (visible.test(provider.id() + "/" + model)) {
          add(data, seen, provider.id() + "/" + model, provider.id(), created);
        }
      }
    }
    for (ModelInfo info : catalog.all()) {
      Provider provider = registry.find(info.provider());
      if (provider != null && provider.id().equals(info.provider()) && visible.test(info.id())) {
        add(data, seen, info.id(), info.provider(), created);
      }
    }
  }

  private static void add(ArrayNode data, Set<String> seen, String id, String owner, long created) {
    if (seen.add(id)) {
      ObjectNode model = data.addObject();
      model.put("id", id);
      model.put("object", "model");
      model.put("created", created);
      model.put("owned_by", owner);
    }
  }

  private long created() {
    try {
      return LocalDate.parse(catalog.asOf()).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
