package switchboard.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import switchboard.access.GatewayKey;
import switchboard.access.KeyJson;
import switchboard.access.KeySpec;
import switchboard.access.KeyStore;

/** Gateway keys in the {@code gateway_keys} table: hashes and prefixes, never secrets. */
public final class SqliteKeyStore implements KeyStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UPSERT =
      "INSERT INTO gateway_keys (id, name, prefix, hash, owner,"
          + " created_ms, updated_ms, revoked_ms, spec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, prefix = excluded.prefix,"
          + " hash = excluded.hash, owner = excluded.owner, updated_ms = excluded.updated_ms,"
          + " revoked_ms = excluded.revoked_ms, spec = excluded.spec";

  private final SqliteWorker worker;

  public SqliteKeyStore(SqliteWorker worker) {
    this.worker = worker;
  }

  @Override
  public Future<List<GatewayKey>> loadAll() {
    return worker.submit(
        c -> {
          List<GatewayKey> out = new ArrayList<>();
          try (PreparedStatement p =
                  c.prepareStatement(
                      "SELECT id, prefix, hash, created_ms,"
                          + " updated_ms, revoked_ms, spec FROM gateway_keys ORDER BY created_ms");
              ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              KeySpec spec = KeyJson.read(JSON.readTree(rs.getString(7)), null, Set.of());
              Long revoked = rs.getObject(6) == null ? null : rs.getLong(6);
              out.add(
                  new GatewayKey(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      false,
                      rs.getLong(4),
                      rs.getLong(5),
                      revoked,
                      spec));
            }
          }
          return out;
        });
  }

  @Override
  public Future<Void> save(GatewayKey key) {
    return worker.submit(
        c -> {
          try (PreparedStatement p = c.prepareStatement(UPSERT)) {
            p.setString(1, key.id());
            p.setString(2, key.spec().name());
            p.setString(3, key.prefix());
            p.setString(4, key.hash());
            p.setString(5, key.spec().owner());
            p.setLong(6, key.createdMs());
            p.setLong(7, key.updatedMs());
            if (key.revokedMs() == null) {
              p.setNull(8, Types.BIGINT);
            } else {
              p.setLong(8, key.revokedMs());
            }
            p.setString(9, KeyJson.spec(key.spec()).toString());
            p.executeUpdate();
          }
          Changes.bump(c, Changes.KEYS);
          return null;
        });
  }
}
