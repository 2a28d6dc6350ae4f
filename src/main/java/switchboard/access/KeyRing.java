package switchboard.access;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory key cache the hot path authenticates against: loaded at start, updated by admin
 * writes after they are stored. Lookups hash the presented secret and find the key by its hash,
 * then compare in constant time; no SQL, no blocking. Thread-safe.
 */
public final class KeyRing {

  /** The outcome of checking a presented secret. */
  public sealed interface Check {
    record Ok(Caller caller) implements Check {}

    record Refused(String message) implements Check {}
  }

  private final KeySecrets secrets;
  private final Map<String, GatewayKey> byId = new ConcurrentHashMap<>();
  private final Map<String, GatewayKey> byHash = new ConcurrentHashMap<>();
  private volatile boolean anyDigests;

  public KeyRing(KeySecrets secrets) {
    this.secrets = secrets;
  }

  /** Checks a presented gateway key secret (not the master key) at {@code nowMs}. */
  public Check check(String presented, long nowMs) {
    GatewayKey key = find(secrets.hash(presented));
    if (key == null && anyDigests) {
      key = find(KeySecrets.sha256(presented));
    }
    if (key == null) {
      return new Check.Refused(
          "Incorrect API key provided. Use a Switchboard gateway key or the master key.");
    }
    if (key.revoked()) {
      return new Check.Refused("This API key (" + key.prefix() + "…) has been revoked.");
    }
    if (key.expired(nowMs)) {
      return new Check.Refused(
          "This API key ("
              + key.prefix()
              + "…) expired at "
              + java.time.Instant.ofEpochMilli(key.spec().expiresMs())
              + ".");
    }
    return new Check.Ok(new Caller(key));
  }

  private GatewayKey find(String hash) {
    GatewayKey key = byHash.get(hash);
    return key != null && KeySecrets.same(key.hash(), hash) ? key : null;
  }

  /** Adds or replaces a key (by id); a rotated key's old hash stops working at once. */
  public void put(GatewayKey key) {
    GatewayKey old = byId.put(key.id(), key);
    if (old != null && !old.hash().equals(key.hash())) {
      byHash.remove(old.hash());
    }
    byHash.put(key.hash(), key);
    if (key.hash().startsWith(KeySecrets.SHA256)) {
      anyDigests = true;
    }
  }

  public GatewayKey get(String id) {
    return byId.get(id);
  }

  /** Every key, oldest first. */
  public List<GatewayKey> all() {
    Collection<GatewayKey> keys = byId.values();
    return keys.stream()
        .sorted(Comparator.comparingLong(GatewayKey::createdMs).thenComparing(GatewayKey::id))
        .toList();
  }

  KeySecrets secrets() {
    return secrets;
  }
}
