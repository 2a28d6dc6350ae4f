package switchboard.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Where providers saved through the admin API are kept (the embedded database by default). Every
 * secret in a stored entry is already sealed ({@link SecretBox}): a store never sees one in clear.
 * Implementations do their blocking I/O off the event loop.
 */
public interface ProviderStore {

  /**
   * One stored row.
   *
   * @param spec the entry, secrets sealed; null for a provider of the environment or the file whose
   *     row only records that it was disabled
   * @param enabled whether requests may use it
   */
  record Row(ObjectNode spec, boolean enabled) {}

  /** Every stored row by provider id. */
  Future<Map<String, Row>> loadAll();

  /** Creates or replaces a row. */
  Future<Void> save(String id, Row row);

  /** Deletes a row; completes with false when there was none. */
  Future<Boolean> delete(String id);
}
