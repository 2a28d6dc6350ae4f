package switchboard.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import switchboard.store.sqlite.Dialect;
import switchboard.store.sqlite.Migrations;
import switchboard.store.sqlite.SqliteWorker;

/**
 * The shared PostgreSQL database: one HikariCP pool for the node, the schema migrated at start
 * (once across nodes starting together: {@link Migrations} holds an advisory lock), and the
 * database threads of the stores ({@link SqliteWorker#pooled}), each borrowing from the pool.
 */
public final class PostgresDatabase implements AutoCloseable {

  /** Connections per node: one per store thread (access, policies, responses, analytics, watch). */
  static final int POOL_SIZE = 6;

  /** The pool's start and stop lines stay out of the gateway's output; its warnings do not. */
  private static final java.util.logging.Logger HIKARI_LOG =
      java.util.logging.Logger.getLogger("com.zaxxer.hikari");

  static {
    HIKARI_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final HikariDataSource pool;
  private final PostgresUrl url;

  private PostgresDatabase(HikariDataSource pool, PostgresUrl url) {
    this.pool = pool;
    this.url = url;
  }

  /**
   * Connects (failing within about 5 s when the server does not answer, naming the URL without its
   * password) and brings the schema up to date. Start-up only.
   */
  public static PostgresDatabase open(String databaseUrl) throws SQLException, IOException {
    PostgresUrl url = PostgresUrl.parse(databaseUrl);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      config.setUsername(url.user());
    }
    if (url.password() != null) {
      config.setPassword(url.password());
    }
    config.setPoolName("switchboard-pg");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(5000);
    config.setValidationTimeout(1000);
    config.setInitializationFailTimeout(5000);
    // Fail fast when the server stops answering, so the store threads back off and retry instead
    // of hanging on a dead socket.
    config.addDataSourceProperty("connectTimeout", "5");
    config.addDataSourceProperty("socketTimeout", "30");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new SQLException("cannot reach PostgreSQL at " + url.safe() + ": " + rootMessage(e), e);
    }
    try (Connection c = pool.getConnection()) {
      Migrations.apply(c, Dialect.POSTGRES);
    } catch (SQLException | IOException | RuntimeException e) {
      pool.close();
      throw e;
    }
    return new PostgresDatabase(pool, url);
  }

  /** A database thread of its own on the pool, named {@code name}. */
  public SqliteWorker worker(String name) {
    return SqliteWorker.pooled(pool, name);
  }

  /**
   * Starts watching the change counters: {@code changed} gets each topic ({@code keys}, {@code
   * policies}, {@code providers}, {@code settings}) changed through any node, on the watch thread.
   */
  public ChangeWatch watch(java.util.function.Consumer<String> changed) {
    ChangeWatch watch = new ChangeWatch(pool, changed);
    watch.start();
    return watch;
  }

  /** The URL without its password, for start-up lines and messages. */
  public String describe() {
    return url.safe();
  }

  @Override
  public void close() {
    pool.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
