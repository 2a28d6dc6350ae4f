package switchboard;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the gateway's request records from {@code <data>/switchboard.db}. */
final class Records {

  private Records() {}

  /** The row of {@code requestId}, or null when it is not written yet. */
  static Map<String, Object> find(Path dataDir, String requestId) {
    Path db = dataDir.resolve("switchboard.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        PreparedStatement p = c.prepareStatement("SELECT * FROM requests WHERE id = ?")) {
      p.setString(1, requestId);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnName(i), rs.getObject(i));
        }
        return row;
      }
    } catch (SQLException e) {
      return null; // not created yet, or busy: poll again
    }
  }

  /** Waits (bounded) for the record of {@code requestId}; the writer is asynchronous. */
  static Map<String, Object> await(Path dataDir, String requestId) {
    return Await.until(
        Duration.ofSeconds(10), "the record of " + requestId, () -> find(dataDir, requestId));
  }
}
