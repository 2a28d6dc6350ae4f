package switchboard.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import switchboard.config.ProviderStore;

/**
 * Providers saved through the admin API, in table {@code providers} (migration V70), on the access
 * store's one database thread. Their secrets arrive sealed; nothing here sees one in clear.
 */
public final class SqliteProviderStore implements ProviderStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SqliteWorker worker;

  public SqliteProviderStore(SqliteWorker worker) {
    this.worker = worker;
  }

  @Override
  public Future<Map<String, Row>> loadAll() {
    return worker.submit(
        c -> {
          Map<String, Row> out = new LinkedHashMap<>();
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery("SELECT id, spec, enabled FROM providers ORDER BY id")) {
            while (rs.next()) {
              String spec = rs.getString(2);
              out.put(
                  rs.getString(1),
                  new Row(
                      spec == null ? null : (ObjectNode) JSON.readTree(spec), rs.getInt(3) != 0));
            }
          }
          return out;
        });
  }

  @Override
  public Future<Void> save(String id, Row row) {
    return worker.submit(
        c -> {
          save(c, id, row);
          Changes.bump(c, Changes.PROVIDERS);
          return null;
        });
  }

  static void save(java.sql.Connection c, String id, Row row) throws java.sql.SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO providers (id, spec, enabled, updated_ms) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT(id) DO UPDATE SET spec = excluded.spec,"
                + " enabled = excluded.enabled, updated_ms = excluded.updated_ms")) {
      p.setString(1, id);
      p.setString(2, row.spec() == null ? null : row.spec().toString());
      p.setInt(3, row.enabled() ? 1 : 0);
      p.setLong(4, System.currentTimeMillis());
      p.executeUpdate();
    }
  }

  @Override
  public Future<Boolean> delete(String id) {
    return worker.submit(
        c -> {
          try (PreparedStatement p = c.prepareStatement("DELETE FROM providers WHERE id = ?")) {
            p.setString(1, id);
            boolean deleted = p.executeUpdate() > 0;
            Changes.bump(c, Changes.PROVIDERS);
            return deleted;
          }
        });
  }
}
