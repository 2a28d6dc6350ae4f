package switchboard.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import java.util.function.Supplier;
import switchboard.provider.Provider;
import switchboard.provider.ProviderRegistry;

/** {@code GET /admin/v1/status}: what this gateway runs with. */
public final class StatusModule implements AdminModule {

  private final Supplier<ProviderRegistry> providers;
  private final long startedMillis;

  public StatusModule(Supplier<ProviderRegistry> providers, long startedMillis) {
    this.providers = providers;
    this.startedMillis = startedMillis;
  }

  @Override
  public void register(AdminRoutes routes) {
    routes.add(
        HttpMethod.GET,
        "/status",
        "Providers enabled and uptime",
        ctx -> {
          ObjectNode out = JsonNodeFactory.instance.objectNode();
          out.put("started_ms", startedMillis);
          var list = out.putArray("providers");
          for (Provider p : providers.get().all()) {
            list.addObject().put("id", p.id()).put("vendor", p.vendor());
          }
          AdminReplies.json(ctx, 200, out);
        });
  }
}
