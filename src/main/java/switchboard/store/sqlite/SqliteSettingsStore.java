package switchboard.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import switchboard.config.SettingsStore;

/**
 * The settings document in table {@code settings} (migration V71), on the access store's thread.
 */
public final class SqliteSettingsStore implements SettingsStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NAME = "gateway";

  private final SqliteWorker worker;

  public SqliteSettingsStore(SqliteWorker worker) {
    this.worker = worker;
  }

  @Override
  public Future<ObjectNode> load() {
    return worker.submit(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
            p.setString(1, NAME);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? (ObjectNode) JSON.readTree(rs.getString(1)) : null;
            }
          }
        });
  }

  @Override
  public Future<Void> save(ObjectNode sealed) {
    return worker.submit(
        c -> {
          save(c, sealed);
          Changes.bump(c, Changes.SETTINGS);
          return null;
        });
  }

  static void save(Connection c, ObjectNode sealed) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO settings (name, value, updated_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET value = excluded.value,"
                + " updated_ms = excluded.updated_ms")) {
      p.setString(1, NAME);
      p.setString(2, sealed.toString());
      p.setLong(3, System.currentTimeMillis());
      p.executeUpdate();
    }
  }
}
