package switchboard.provider;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The enabled providers by id. Immutable; rebuilt when configuration changes. */
public final class ProviderRegistry {

  private static final Map<String, String> ALIASES = Map.of("gemini", "google");

  private final Map<String, Provider> providers;

  public ProviderRegistry(List<Provider> providers) {
    Map<String, Provider> byId = new LinkedHashMap<>();
    for (Provider p : providers) {
      byId.put(p.id(), p);
    }
    this.providers = java.util.Collections.unmodifiableMap(byId);
  }

  /** The provider for an id (aliases resolved), or null. */
  public Provider find(String id) {
    Provider p = providers.get(id);
    return p != null ? p : providers.get(ALIASES.getOrDefault(id, id));
  }

  public Collection<Provider> all() {
    return providers.values();
  }

  public boolean isEmpty() {
    return providers.isEmpty();
  }
}
