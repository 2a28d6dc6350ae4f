package switchboard.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Where policies saved through the admin API are kept (the embedded database by default).
 * Implementations do their blocking I/O off the event loop and complete the futures there.
 */
public interface PolicyStore {

  /** Every stored policy spec by name. */
  Future<Map<String, ObjectNode>> loadAll();

  /** Creates or replaces a policy. */
  Future<Void> save(String name, ObjectNode spec);

  /** Deletes a policy; completes with false when there was none. */
  Future<Boolean> delete(String name);
}
