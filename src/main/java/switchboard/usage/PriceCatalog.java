package switchboard.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model catalog: the shipped {@code catalog/models.yaml} with the config file's entries laid
 * over it (an entry with the same id replaces the shipped one). Immutable.
 */
public final class PriceCatalog {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, ModelInfo> models;
  private final String asOf;

  private PriceCatalog(Map<String, ModelInfo> models, String asOf) {
    this.models = models;
    this.asOf = asOf;
  }

  /** Loads the shipped catalog and applies overrides from the config file. */
  public static PriceCatalog load(List<JsonNode> overrides) throws IOException {
    JsonNode root;
    try (InputStream in = PriceCatalog.class.getResourceAsStream("/catalog/models.yaml")) {
      if (in == null) {
        throw new IOException("catalog/models.yaml is missing from the jar");
      }
      root = YAML.readTree(in);
    }
    Map<String, ModelInfo> models = new LinkedHashMap<>();
    for (JsonNode entry : root.path("models")) {
      ModelInfo info = parse(entry, "catalog");
      models.put(info.id(), info);
    }
    int i = 0;
    for (JsonNode entry : overrides) {
      ModelInfo info = parse(entry, "catalog.models[" + i++ + "]");
      models.put(info.id(), info);
    }
    return new PriceCatalog(Map.copyOf(models), root.path("as_of").asText("unknown"));
  }

  /**
   * A catalog with per-deployment prices laid over this one field by field: a field the override
   * leaves out keeps the catalog's value. Errors name {@code pricing.deployments[i].field}.
   */
  public PriceCatalog withPrices(List<JsonNode> deployments) {
    Map<String, ModelInfo> merged = new LinkedHashMap<>(models);
    int i = 0;
    for (JsonNode entry : deployments) {
      String path = "pricing.deployments[" + i++ + "]";
      ModelInfo given = parse(entry, path);
      ModelInfo base = models.get(given.id());
      if (base != null) {
        given =
            new ModelInfo(
                base.id(),
                base.mode(),
                base.contextWindow(),
                base.maxOutput(),
                entry.has("input") ? given.input() : base.input(),
                entry.has("output") ? given.output() : base.output(),
                entry.has("cached_input") ? given.cachedInput() : base.cachedInput(),
                entry.has("cache_write") ? given.cacheWrite() : base.cacheWrite(),
                base.capabilities());
      }
      merged.put(given.id(), given);
    }
    return new PriceCatalog(Map.copyOf(merged), asOf);
  }

  static ModelInfo parse(JsonNode entry, String path) {
    String id = entry.path("id").asText("");
    if (id.indexOf('/') <= 0) {
      throw new IllegalArgumentException(path + ".id: must be provider/model, got '" + id + "'");
    }
    Set<String> capabilities = new LinkedHashSet<>();
    entry.path("capabilities").forEach(c -> capabilities.add(c.asText()));
    return new ModelInfo(
        id,
        entry.path("mode").asText("chat"),
        entry.path("context_window").asLong(0),
        entry.path("max_output").asLong(0),
        price(entry, "input", path),
        price(entry, "output", path),
        price(entry, "cached_input", path),
        price(entry, "cache_write", path),
        Set.copyOf(capabilities));
  }

  private static Double price(JsonNode entry, String field, String path) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber() || value.asDouble() < 0) {
      throw new IllegalArgumentException(path + "." + field + ": must be a non-negative number");
    }
    return value.asDouble();
  }

  /** The entry for {@code provider/model}, or null. */
  public ModelInfo find(String id) {
    return models.get(id);
  }

  /** Looks up the requested model, then the model the provider said served it. */
  public ModelInfo find(String provider, String requested, String served) {
    ModelInfo info = models.get(provider + "/" + requested);
    if (info == null && served != null) {
      info = models.get(provider + "/" + served);
    }
    return info;
  }

  public Collection<ModelInfo> all() {
    List<ModelInfo> sorted = new ArrayList<>(models.values());
    sorted.sort(java.util.Comparator.comparing(ModelInfo::id));
    return sorted;
  }

  public String asOf() {
    return asOf;
  }
}
