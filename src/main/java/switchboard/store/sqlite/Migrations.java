package switchboard.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies the schema migrations in {@code db/migration/} in order, once each, recording them in
 * {@code schema_migrations}. The same files run on SQLite and PostgreSQL, so they use portable SQL
 * ({@link Dialect#ddl} maps the one type that differs). On PostgreSQL the whole run holds a session
 * advisory lock, so nodes starting at once migrate once: the others wait, then find nothing to do.
 */
public final class Migrations {

  /**
   * Every migration. Append only; never edit one that has shipped. Versions come from the {@code
   * V<n>__} prefix; gaps are allowed, so branches can claim numbers independently.
   */
  static final List<String> ALL =
      List.of(
          "V1__requests.sql",
          "V10__access.sql",
          "V20__policies.sql",
          "V57__responses.sql",
          "V60__request_analytics.sql",
          "V61__request_rollups.sql",
          "V62__requests_log_order.sql",
          "V70__providers.sql",
          "V71__settings.sql",
          "V140__guard_findings.sql",
          "V160__changes.sql");

  private Migrations() {}

  /** Brings the schema up to date; returns how many migrations ran. */
  public static int apply(Connection connection) throws SQLException, IOException {
    return apply(connection, Dialect.SQLITE);
  }

  /** Brings the schema up to date in {@code dialect}; returns how many migrations ran. */
  public static int apply(Connection connection, Dialect dialect) throws SQLException, IOException {
    if (dialect != Dialect.POSTGRES) {
      return migrate(connection, dialect);
    }
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + Dialect.MIGRATION_LOCK + ")");
    }
    try {
      return migrate(connection, dialect);
    } finally {
      try (Statement s = connection.createStatement()) {
        s.execute("SELECT pg_advisory_unlock(" + Dialect.MIGRATION_LOCK + ")");
      }
    }
  }

  private static int migrate(Connection connection, Dialect dialect)
      throws SQLException, IOException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
              + " name TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
    }
    java.util.Set<Integer> done = new java.util.HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations")) {
      while (rs.next()) {
        done.add(rs.getInt(1));
      }
    }
    List<String> pending =
        ALL.stream()
            .filter(name -> !done.contains(version(name)))
            .sorted(java.util.Comparator.comparingInt(Migrations::version))
            .toList();
    int applied = 0;
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      for (String name : pending) {
        for (String statement : statements(read(name))) {
          try (Statement s = connection.createStatement()) {
            s.execute(dialect.ddl(statement));
          }
        }
        try (PreparedStatement p =
            connection.prepareStatement(
                "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)")) {
          p.setInt(1, version(name));
          p.setString(2, name);
          p.setLong(3, System.currentTimeMillis());
          p.executeUpdate();
        }
        connection.commit();
        applied++;
      }
    } catch (SQLException | IOException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    return applied;
  }

  static int version(String name) {
    if (!name.matches("V\\d+__.+\\.sql")) {
      throw new IllegalArgumentException("migration names look like V<n>__what.sql: " + name);
    }
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }

  private static String read(String name) throws IOException {
    try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + name)) {
      if (in == null) {
        throw new IOException("migration " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Splits a script on semicolons at line ends, dropping {@code --} comment lines. */
  static List<String> statements(String script) {
    StringBuilder current = new StringBuilder();
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
