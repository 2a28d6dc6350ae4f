package switchboard.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * Where the settings saved through the admin API are kept: one document, its secrets already
 * sealed. Implementations do their blocking I/O off the event loop.
 */
public interface SettingsStore {

  /** The saved document, or null when none was ever saved. */
  Future<ObjectNode> load();

  /** Replaces the saved document. */
  Future<Void> save(ObjectNode sealed);
}
