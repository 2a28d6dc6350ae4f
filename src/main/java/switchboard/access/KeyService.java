package switchboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * Key administration: create (the secret is returned once and never stored), update, revoke,
 * rotate. Each write is stored first and put in the {@link KeyRing} after, so the hot path only
 * ever sees stored keys. Keys declared in the config file are read-only here.
 */
public final class KeyService {

  /** A key with its secret, as returned once by create and rotate. */
  public record Issued(GatewayKey key, String secret) {}

  private final KeyRing ring;
  private final KeyStore store;
  private final Governor governor;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public KeyService(KeyRing ring, KeyStore store, Governor governor, Clock clock) {
    this.ring = ring;
    this.store = store;
    this.governor = governor;
    this.clock = clock;
  }

  /** Start-up: stored keys, then the config file's (which win on a name clash). */
  public Future<Void> load(List<AccessSettings.DeclaredKey> declared) {
    return store
        .loadAll()
        .map(
            stored -> {
              stored.forEach(ring::put);
              long now = clock.millis();
              for (AccessSettings.DeclaredKey d : declared) {
                String hash =
                    d.secret() != null
                        ? ring.secrets().hash(d.secret())
                        : KeySecrets.SHA256 + d.sha256();
                String prefix = d.secret() != null ? KeySecrets.prefix(d.secret()) : "(config)";
                ring.put(
                    new GatewayKey(
                        "cfg_" + d.spec().name(), prefix, hash, true, now, now, null, d.spec()));
              }
              return null;
            });
  }

  /**
   * The stored keys again, after another node sharing the database changed them: new keys work,
   * revoked and rotated ones stop working here too. Keys are never deleted, only revoked, so
   * replacing each by id is the whole change.
   */
  public Future<Void> reload() {
    return store
        .loadAll()
        .map(
            stored -> {
              stored.forEach(ring::put);
              return null;
            });
  }

  public List<GatewayKey> list() {
    return ring.all();
  }

  /** The key, or 404. */
  public GatewayKey get(String id) {
    GatewayKey key = ring.get(id);
    if (key == null) {
      throw new GatewayException(
          ErrorKind.NOT_FOUND, 404, "No key with id '" + id + "'.", "id", "key_not_found", null);
    }
    return key;
  }

  public Future<Issued> create(KeySpec spec) {
    uniqueName(spec.name(), null);
    long now = clock.millis();
    String secret = ring.secrets().newSecret();
    GatewayKey key =
        new GatewayKey(
            "key_" + HexFormat.of().formatHex(bytes(8)),
            KeySecrets.prefix(secret),
            ring.secrets().hash(secret),
            false,
            now,
            now,
            null,
            spec);
    return store
        .save(key)
        .map(
            v -> {
              ring.put(key);
              return new Issued(key, secret);
            });
  }

  /** Applies the fields present in {@code patch}; 400 naming a bad field. */
  public Future<GatewayKey> update(String id, JsonNode patch) {
    GatewayKey key = writable(id);
    KeySpec spec = KeyJson.read(patch, key.spec(), Set.of());
    uniqueName(spec.name(), id);
    GatewayKey next = key.withSpec(spec, clock.millis());
    return store
        .save(next)
        .compose(
            v -> {
              ring.put(next);
              // A budget added or changed mid-period starts from the period's spend in the ledger.
              return governor.seed(List.of(next)).map(x -> next);
            });
  }

  public Future<GatewayKey> revoke(String id) {
    GatewayKey key = writable(id);
    if (key.revoked()) {
      return Future.succeededFuture(key);
    }
    GatewayKey next = key.revokedAt(clock.millis());
    return store
        .save(next)
        .map(
            v -> {
              ring.put(next);
              return next;
            });
  }

  /** A new secret for the key; the old one stops working at once. */
  public Future<Issued> rotate(String id) {
    GatewayKey key = writable(id);
    if (key.revoked()) {
      throw GatewayException.invalid(
          "id", "Key '" + id + "' is revoked; create a new key instead.");
    }
    String secret = ring.secrets().newSecret();
    GatewayKey next =
        key.withSecret(KeySecrets.prefix(secret), ring.secrets().hash(secret), clock.millis());
    return store
        .save(next)
        .map(
            v -> {
              ring.put(next);
              return new Issued(next, secret);
            });
  }

  private GatewayKey writable(String id) {
    GatewayKey key = get(id);
    if (key.fromConfig()) {
      throw new GatewayException(
          ErrorKind.INVALID_REQUEST,
          409,
          "Key '" + key.spec().name() + "' is declared in switchboard.yaml; change it there.",
          "id",
          "key_read_only",
          null);
    }
    return key;
  }

  private void uniqueName(String name, String exceptId) {
    for (GatewayKey k : ring.all()) {
      if (k.spec().name().equals(name) && !k.id().equals(exceptId) && !k.revoked()) {
        throw new GatewayException(
            ErrorKind.INVALID_REQUEST,
            409,
            "A key named '" + name + "' exists already.",
            "name",
            "name_taken",
            null);
      }
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
