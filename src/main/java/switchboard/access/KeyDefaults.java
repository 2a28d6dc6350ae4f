package switchboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import switchboard.pipeline.GatewayOptions;
import switchboard.pipeline.Regions;

/** Lays a key's default gateway options under a request's own: what the request sets wins. */
public final class KeyDefaults {

  private KeyDefaults() {}

  public static GatewayOptions apply(Caller caller, GatewayOptions given) {
    if (caller.master() || caller.key().spec().options().isEmpty()) {
      return given;
    }
    ObjectNode d = caller.key().spec().options();
    JsonNode autoCache = d.get("auto_cache");
    List<String> tags = given.tags();
    if (tags.isEmpty() && d.path("tags").isArray()) {
      tags = new ArrayList<>();
      for (JsonNode t : d.get("tags")) {
        tags.add(t.asText());
      }
    }
    return new GatewayOptions(
        given.autoCache() != null
            ? given.autoCache()
            : autoCache != null && autoCache.isBoolean() ? autoCache.asBoolean() : null,
        given.cache() != null ? given.cache() : d.get("cache"),
        List.copyOf(tags),
        given.userId() != null ? given.userId() : d.path("user_id").textValue(),
        given.traceId(),
        given.extra() != null ? given.extra() : d.get("extra"),
        given.guardrails(),
        // A request can only narrow where its key lets it be served, never widen it.
        given.regions().and(keyRegions(d)));
  }

  /** The key's {@code options.regions}, checked when the key was saved. */
  static Regions keyRegions(ObjectNode options) {
    return Regions.parse(options.get("regions"), "options.regions");
  }
}
