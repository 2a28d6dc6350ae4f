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
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One database thread and the connection it uses: the stores do their JDBC here, never on an event
 * loop. Tasks run in submission order, so a read submitted after a write sees it. Futures complete
 * on the submitting Vert.x context when there is one.
 *
 * <p>On SQLite the connection is one open file handle for the worker's life. On PostgreSQL ({@link
 * #pooled}) each task borrows a connection from the shared pool when it first needs one and gives
 * it back when it ends, so a connection the server dropped is replaced by the pool, not reused. The
 * stores' SQL is the same for both; {@link #dialect} names the few differences.
 */
public final class SqliteWorker implements AutoCloseable {

  /** Work done with the connection on the worker thread. */
  @FunctionalInterface
  interface Task<T> {
    T run(Connection connection) throws Exception;
  }

  private final Connection fixed; // SQLite
  private final DataSource pool; // PostgreSQL
  private final Dialect dialect;
  private Connection borrowed; // worker thread only: the running task's pooled connection
  private final java.util.concurrent.ScheduledThreadPoolExecutor thread; // one: its queue is read

  private SqliteWorker(Connection fixed, DataSource pool, Dialect dialect, String name) {
    this.fixed = fixed;
    this.pool = pool;
    this.dialect = dialect;
    this.thread =
        new java.util.concurrent.ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Opens the database file (creating and migrating it as needed). Start-up only. */
  public static SqliteWorker open(Path file) throws SQLException, IOException {
    Connection connection = SqliteDatabase.open(file);
    return new SqliteWorker(connection, null, Dialect.SQLITE, "sqlite-access");
  }

  /**
   * A worker on a PostgreSQL pool whose schema is migrated already; {@code name} names its thread.
   */
  public static SqliteWorker pooled(DataSource pool, String name) {
    return new SqliteWorker(null, pool, Dialect.POSTGRES, name);
  }

  /** Tasks waiting for the worker's thread (the running one not counted), for {@code /metrics}. */
  public int queueDepth() {
    return thread.getQueue().size();
  }

  public Dialect dialect() {
    return dialect;
  }

  <T> Future<T> submit(Task<T> task) {
    Context context = Vertx.currentContext();
    CompletableFuture<T> done =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return task.run(connection());
              } catch (Exception e) {
                throw new CompletionException(e);
              } finally {
                release();
              }
            },
            thread);
    return context == null
        ? Future.fromCompletionStage(done)
        : Future.fromCompletionStage(done, context);
  }

  /** Runs {@code work} on the worker thread, after everything submitted before. */
  void execute(Runnable work) {
    thread.execute(releasing(work));
  }

  /** Runs {@code work} on the worker thread in {@code millis}; still run if closing meanwhile. */
  public void executeLater(Runnable work, long millis) {
    thread.schedule(releasing(work), millis, TimeUnit.MILLISECONDS);
  }

  private Runnable releasing(Runnable work) {
    return () -> {
      try {
        work.run();
      } finally {
        release();
      }
    };
  }

  /**
   * The connection for the task running on the worker thread: the file's, or one borrowed from the
   * pool until the task ends. Worker thread only.
   */
  Connection connection() throws SQLException {
    if (fixed != null) {
      return fixed;
    }
    if (borrowed == null) {
      borrowed = pool.getConnection();
    }
    return borrowed;
  }

  private void release() {
    if (borrowed == null) {
      return;
    }
    try {
      if (!borrowed.getAutoCommit()) {
        borrowed.rollback(); // a task that failed mid-transaction leaves nothing open
        borrowed.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // a broken connection: the pool finds out and replaces it
    }
    try {
      borrowed.close(); // back to the pool
    } catch (SQLException ignored) {
      // as above
    }
    borrowed = null;
  }

  /** Finishes queued work (up to 30 s), then closes the connection (the pool is the owner's). */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (fixed != null) {
      try {
        fixed.close();
      } catch (SQLException ignored) {
        // closing at shutdown: nothing left to do
      }
    }
  }
}
