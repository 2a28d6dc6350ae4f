package switchboard.store.sqlite;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One SQLite connection and the one thread that uses it: the keys and the ledger do their JDBC
 * here, never on an event loop. Tasks run in submission order, so a read submitted after a write
 * sees it. Futures complete on the submitting Vert.x context when there is one.
 */
public final class SqliteWorker implements AutoCloseable {

  /** Work done with the connection on the worker thread. */
  @FunctionalInterface
  interface Task<T> {
    T run(Connection connection) throws Exception;
  }

  private final Connection connection;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sqlite-access");
            t.setDaemon(true);
            return t;
          });

  private SqliteWorker(Connection connection) {
    this.connection = connection;
  }

  /** Opens the database file (creating and migrating it as needed). Start-up only. */
  public static SqliteWorker open(Path file) throws SQLException, IOException {
    Connection connection = SqliteDatabase.open(file);
    return new SqliteWorker(connection);
  }

  <T> Future<T> submit(Task<T> task) {
    Context context = Vertx.currentContext();
    CompletableFuture<T> done =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return task.run(connection);
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            },
            thread);
    return context == null
        ? Future.fromCompletionStage(done)
        : Future.fromCompletionStage(done, context);
  }

  /** Runs {@code work} on the worker thread, after everything submitted before. */
  void execute(Runnable work) {
    thread.execute(work);
  }

  /** Runs {@code work} on the worker thread in {@code millis}; still run if closing meanwhile. */
  public void executeLater(Runnable work, long millis) {
    thread.schedule(work, millis, TimeUnit.MILLISECONDS);
  }

  Connection connection() {
    return connection;
  }

  /** Finishes queued work (up to 30 s), then closes the connection. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing at shutdown: nothing left to do
    }
  }
}
