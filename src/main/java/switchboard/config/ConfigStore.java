package switchboard.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Stores a whole imported configuration in one transaction, so an import is saved entirely or not
 * at all. Secrets arrive sealed.
 */
public interface ConfigStore {

  /**
   * @param providers provider rows to write by id (a null value deletes the row)
   * @param policies when not null, the saved policies replaced by exactly these
   * @param settings when not null, the settings document to save (secrets sealed)
   */
  Future<Void> replace(
      Map<String, ProviderStore.Row> providers,
      Map<String, ObjectNode> policies,
      ObjectNode settings);
}
