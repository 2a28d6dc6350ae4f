package switchboard.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import switchboard.store.redis.LocalServices;

/**
 * A fresh schema in the machine's PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code
 * postgres}, trust auth) for one test run, so runs never see each other's rows. Skips (or in CI
 * fails) when PostgreSQL is not there.
 */
public final class TestSchema implements AutoCloseable {

  public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private final String name;

  private TestSchema(String name) {
    this.name = name;
  }

  public static TestSchema create() throws SQLException {
    LocalServices.requirePostgres();
    String name = "sbtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(SERVER);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    }
    return new TestSchema(name);
  }

  public String name() {
    return name;
  }

  /** A JDBC URL whose connections work in this schema. */
  public String jdbcUrl() {
    return SERVER + "&currentSchema=" + name;
  }

  /** The same as SWITCHBOARD_DATABASE_URL in its postgres:// form. */
  public String url() {
    return "postgres://postgres@127.0.0.1:5432/test?currentSchema=" + name;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl());
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(SERVER);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }
}
