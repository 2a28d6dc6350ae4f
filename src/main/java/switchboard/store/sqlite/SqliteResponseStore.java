package switchboard.store.sqlite;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import switchboard.conversation.ResponseStore;
import switchboard.conversation.StoredResponse;

/**
 * Stored responses in the embedded SQLite database (table {@code responses}, migration V57), on a
 * {@link SqliteWorker} of their own (one connection, one thread: JDBC never runs on an event loop,
 * and large response bodies never queue behind the ledger). Expired rows are never returned and are
 * deleted by a sweep every {@link #SWEEP_MILLIS}.
 */
public final class SqliteResponseStore implements ResponseStore, AutoCloseable {

  static final long SWEEP_MILLIS = 60 * 60 * 1000L;

  private final SqliteWorker worker;
  private final Clock clock;

  /** When the last sweep ran; worker thread only. */
  private long sweptMillis;

  private SqliteResponseStore(SqliteWorker worker, Clock clock) {
    this.worker = worker;
    this.clock = clock;
  }

  /** Opens the database file (migrating it as needed) and starts the expiry sweep. */
  public static SqliteResponseStore open(Path file, Clock clock) throws SQLException, IOException {
    return on(SqliteWorker.open(file), clock);
  }

  /** Responses on {@code worker} (a PostgreSQL pool's); closing the store closes the worker. */
  public static SqliteResponseStore on(SqliteWorker worker, Clock clock) {
    SqliteResponseStore store = new SqliteResponseStore(worker, clock);
    store.worker.execute(store::sweep);
    return store;
  }

  @Override
  public Future<Void> save(StoredResponse r) {
    return worker.submit(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO responses (id, tenant, created_ms, expires_ms, origin, input,"
                      + " response) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(tenant, id) DO UPDATE"
                      + " SET created_ms = excluded.created_ms, expires_ms = excluded.expires_ms,"
                      + " origin = excluded.origin, input = excluded.input,"
                      + " response = excluded.response")) {
            p.setString(1, r.id());
            p.setString(2, r.tenant());
            p.setLong(3, r.createdMillis());
            p.setLong(4, r.expiresMillis());
            p.setString(5, r.origin());
            p.setString(6, r.inputJson());
            p.setString(7, r.responseJson());
            p.executeUpdate();
          }
          if (clock.millis() - sweptMillis >= SWEEP_MILLIS) {
            sweep();
          }
          return null;
        });
  }

  @Override
  public Future<Optional<StoredResponse>> find(String tenant, String id) {
    long now = clock.millis();
    return worker.submit(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT created_ms, expires_ms, origin, input, response FROM responses"
                      + " WHERE tenant = ? AND id = ? AND expires_ms > ?")) {
            p.setString(1, tenant);
            p.setString(2, id);
            p.setLong(3, now);
            try (ResultSet rs = p.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new StoredResponse(
                      id,
                      tenant,
                      rs.getLong(1),
                      rs.getLong(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5)));
            }
          }
        });
  }

  @Override
  public Future<Boolean> delete(String tenant, String id) {
    long now = clock.millis();
    return worker.submit(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "DELETE FROM responses WHERE tenant = ? AND id = ? AND expires_ms > ?")) {
            p.setString(1, tenant);
            p.setString(2, id);
            p.setLong(3, now);
            return p.executeUpdate() > 0;
          }
        });
  }

  /** Deletes expired rows. Runs on the worker thread. */
  private void sweep() {
    sweptMillis = clock.millis();
    try (PreparedStatement p =
        worker.connection().prepareStatement("DELETE FROM responses WHERE expires_ms <= ?")) {
      p.setLong(1, sweptMillis);
      p.executeUpdate();
    } catch (SQLException e) {
      java.util.logging.Logger.getLogger(SqliteResponseStore.class.getName())
          .warning("could not delete expired responses: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    worker.close();
  }
}
