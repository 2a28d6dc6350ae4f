package switchboard.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The change counters of table {@code changes} (migration V160): a write of shared configuration
 * adds one to its topic, so other nodes on the same database notice it ({@code
 * store/postgres/ChangeWatch}). Harmless on SQLite, where nobody else watches.
 */
final class Changes {

  static final String KEYS = "keys";
  static final String POLICIES = "policies";
  static final String PROVIDERS = "providers";
  static final String SETTINGS = "settings";

  private Changes() {}

  static void bump(Connection c, String topic) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("UPDATE changes SET version = version + 1 WHERE topic = ?")) {
      p.setString(1, topic);
      p.executeUpdate();
    }
  }
}
