package switchboard.store.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import switchboard.config.ConfigStore;
import switchboard.config.ProviderStore;

/**
 * A whole imported configuration written in one SQLite transaction on the access store's thread:
 * providers, policies (table {@code policies}, also written by {@link SqlitePolicyStore}) and the
 * settings document.
 */
public final class SqliteConfigStore implements ConfigStore {

  private final SqliteWorker worker;

  public SqliteConfigStore(SqliteWorker worker) {
    this.worker = worker;
  }

  @Override
  public Future<Void> replace(
      Map<String, ProviderStore.Row> providers,
      Map<String, ObjectNode> policies,
      ObjectNode settings) {
    return worker.submit(
        c -> {
          c.setAutoCommit(false);
          try {
            write(c, providers, policies, settings);
            for (String topic :
                new String[] {Changes.PROVIDERS, Changes.POLICIES, Changes.SETTINGS}) {
              Changes.bump(c, topic);
            }
            c.commit();
          } catch (Exception e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
          return null;
        });
  }

  private static void write(
      Connection c,
      Map<String, ProviderStore.Row> providers,
      Map<String, ObjectNode> policies,
      ObjectNode settings)
      throws java.sql.SQLException {
    for (Map.Entry<String, ProviderStore.Row> e : providers.entrySet()) {
      if (e.getValue() == null) {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM providers WHERE id = ?")) {
          p.setString(1, e.getKey());
          p.executeUpdate();
        }
      } else {
        SqliteProviderStore.save(c, e.getKey(), e.getValue());
      }
    }
    if (policies != null) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM policies");
      }
      for (Map.Entry<String, ObjectNode> e : policies.entrySet()) {
        try (PreparedStatement p =
            c.prepareStatement("INSERT INTO policies (name, spec, updated_ms) VALUES (?, ?, ?)")) {
          p.setString(1, e.getKey());
          p.setString(2, e.getValue().toString());
          p.setLong(3, System.currentTimeMillis());
          p.executeUpdate();
        }
      }
    }
    if (settings != null) {
      SqliteSettingsStore.save(c, settings);
    }
  }
}
