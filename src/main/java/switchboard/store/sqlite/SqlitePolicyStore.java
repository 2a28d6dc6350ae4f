package switchboard.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import switchboard.route.PolicyStore;

/**
 * Routing policies (table {@code policies}, migration V20) on a {@link SqliteWorker} of their own:
 * admin writes are rare, so one thread and connection are plenty, and they never wait behind the
 * ledger.
 */
public final class SqlitePolicyStore implements PolicyStore, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SqliteWorker worker;

  private SqlitePolicyStore(SqliteWorker worker) {
    this.worker = worker;
  }

  /** Opens the database file, migrating it as needed. */
  public static SqlitePolicyStore open(Path file) throws SQLException, java.io.IOException {
    return new SqlitePolicyStore(SqliteWorker.open(file));
  }

  /** Policies on {@code worker} (a PostgreSQL pool's); closing the store closes the worker. */
  public static SqlitePolicyStore on(SqliteWorker worker) {
    return new SqlitePolicyStore(worker);
  }

  @Override
  public Future<Map<String, ObjectNode>> loadAll() {
    return worker.submit(
        c -> {
          Map<String, ObjectNode> out = new LinkedHashMap<>();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT name, spec FROM policies ORDER BY name")) {
            while (rs.next()) {
              out.put(rs.getString(1), (ObjectNode) JSON.readTree(rs.getString(2)));
            }
          }
          return out;
        });
  }

  @Override
  public Future<Void> save(String name, ObjectNode spec) {
    return worker.submit(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO policies (name, spec,"
                      + " updated_ms) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET spec = excluded.spec,"
                      + " updated_ms = excluded.updated_ms")) {
            p.setString(1, name);
            p.setString(2, spec.toString());
            p.setLong(3, System.currentTimeMillis());
            p.executeUpdate();
          }
          Changes.bump(c, Changes.POLICIES);
          return null;
        });
  }

  @Override
  public Future<Boolean> delete(String name) {
    return worker.submit(
        c -> {
          try (PreparedStatement p = c.prepareStatement("DELETE FROM policies WHERE name = ?")) {
            p.setString(1, name);
            boolean deleted = p.executeUpdate() > 0;
            Changes.bump(c, Changes.POLICIES);
            return deleted;
          }
        });
  }

  @Override
  public void close() {
    worker.close();
  }
}
