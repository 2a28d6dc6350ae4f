package switchboard.store;

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
 * {@code schema_migrations}. The same files run on SQLite and PostgreSQL, so they use portable SQL.
 */
public final class Migrations {

  /** Every migration, in order. Append only; never edit one that has shipped. */
  static final List<String> ALL = List.of("V1__requests.sql");

  private Migrations() {}

  /** Brings the schema up to date; returns how many migrations ran. */
  public static int apply(Connection connection) throws SQLException, IOException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
          + " name TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
    }
    int current = 0;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
      if (rs.next()) {
        current = rs.getInt(1);
      }
    }
    int applied = 0;
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      for (int version = current + 1; version <= ALL.size(); version++) {
        String name = ALL.get(version - 1);
        for (String statement : statements(read(name))) {
          try (Statement s = connection.createStatement()) {
            s.execute(statement);
          }
        }
        try (PreparedStatement p = connection.prepareStatement(
            "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)")) {
          p.setInt(1, version);
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
