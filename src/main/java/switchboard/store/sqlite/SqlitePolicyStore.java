package switchboard.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import switchboard.route.PolicyStore;

/**
 * Routing policies in the embedded SQLite database (table {@code policies}, migration V20). Its own
 * connection, used on Vert.x worker threads one statement at a time (synchronised: a JDBC
 * connection is not for concurrent use); admin writes are rare, so one connection is plenty.
 */
public final class SqlitePolicyStore implements PolicyStore, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final Connection connection;

  private SqlitePolicyStore(Vertx vertx, Connection connection) {
    this.vertx = vertx;
    this.connection = connection;
  }

  /**
   * Opens the database file; the migrations must have run (as {@link SqliteUsageLog#open} does).
   */
  public static SqlitePolicyStore open(Vertx vertx, Path file)
      throws SQLException, java.io.IOException {
    Connection connection = SqliteDatabase.open(file);
    return new SqlitePolicyStore(vertx, connection);
  }

  @Override
  public Future<Map<String, ObjectNode>> loadAll() {
    return blocking(
        () -> {
          Map<String, ObjectNode> out = new LinkedHashMap<>();
          try (Statement s = connection.createStatement();
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
    return blocking(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement(
                  "INSERT INTO policies (name, spec,"
                      + " updated_ms) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET spec = excluded.spec,"
                      + " updated_ms = excluded.updated_ms")) {
            p.setString(1, name);
            p.setString(2, spec.toString());
            p.setLong(3, System.currentTimeMillis());
            p.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Future<Boolean> delete(String name) {
    return blocking(
        () -> {
          try (PreparedStatement p =
              connection.prepareStatement("DELETE FROM policies WHERE name = ?")) {
            p.setString(1, name);
            return p.executeUpdate() > 0;
          }
        });
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(
        () -> {
          synchronized (connection) {
            return work.call();
          }
        },
        false);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing at shutdown: nothing left to do
    }
  }
}
