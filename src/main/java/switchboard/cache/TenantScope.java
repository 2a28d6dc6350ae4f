package switchboard.cache;

import switchboard.access.KeySpec;

/**
 * Whose answers a request may be served: its key's own, or its team's when the key says so ({@code
 * options.cache_scope: "team"} with an {@code owner}). Never wider: the response cache is not
 * shared across tenants (SPEC §3).
 */
public final class TenantScope {

  private TenantScope() {}

  /**
   * @param keyId the caller's key id ({@code master} for the master key)
   * @param spec the key's settings, or null (the master key)
   */
  public static String of(String keyId, KeySpec spec) {
    if (spec != null
        && spec.owner() != null
        && !spec.owner().isBlank()
        && "team".equals(spec.options().path("cache_scope").asText())) {
      return "team:" + spec.owner();
    }
    return "key:" + keyId;
  }
}
