package switchboard.access;

/**
 * A gateway key as stored: never its secret, only a keyed hash of it and a visible prefix.
 *
 * @param id stable id used in records and the admin API ({@code key_…}, {@code cfg_<name>} for keys
 *     declared in the config file)
 * @param prefix the first characters of the secret, for recognition ({@code sk-sb-AbCd1234})
 * @param hash {@code hmac-sha256:<hex>} (keyed with the server secret) or {@code sha256:<hex>} (a
 *     config file that gives a digest rather than the secret)
 * @param fromConfig declared in {@code switchboard.yaml}: read-only through the admin API
 * @param revokedMs when it was revoked, or null
 */
public record GatewayKey(
    String id,
    String prefix,
    String hash,
    boolean fromConfig,
    long createdMs,
    long updatedMs,
    Long revokedMs,
    KeySpec spec) {

  public boolean revoked() {
    return revokedMs != null;
  }

  public boolean expired(long nowMs) {
    return spec.expiresMs() != null && nowMs >= spec.expiresMs();
  }

  public GatewayKey withSpec(KeySpec next, long nowMs) {
    return new GatewayKey(id, prefix, hash, fromConfig, createdMs, nowMs, revokedMs, next);
  }

  public GatewayKey revokedAt(long nowMs) {
    return new GatewayKey(id, prefix, hash, fromConfig, createdMs, nowMs, nowMs, spec);
  }

  public GatewayKey withSecret(String nextPrefix, String nextHash, long nowMs) {
    return new GatewayKey(id, nextPrefix, nextHash, fromConfig, createdMs, nowMs, revokedMs, spec);
  }

  @Override
  public String toString() {
    return "GatewayKey[id=" + id + ", prefix=" + prefix + ", name=" + spec.name() + "]";
  }
}
