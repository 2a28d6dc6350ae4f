package switchboard.access;

import io.vertx.core.Future;
import java.util.List;

/**
 * Storage port for gateway keys (hashes only, never secrets); implemented in {@code store/}.
 * Futures complete on the caller's context; implementations do their blocking I/O elsewhere.
 */
public interface KeyStore {

  /** Every stored key, revoked ones included. Called at start. */
  Future<List<GatewayKey>> loadAll();

  /** Inserts or replaces the key with this id. */
  Future<Void> save(GatewayKey key);
}
