package switchboard.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens connections to the embedded database file, the one way: WAL mode (readers never block the
 * writers of other stores), a busy timeout, and the schema brought up to date (cheap when it
 * already is: one query). Start-up only.
 */
final class SqliteDatabase {

  private SqliteDatabase() {}

  static Connection open(Path file) throws SQLException, IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA busy_timeout=5000");
    }
    Migrations.apply(connection);
    return connection;
  }
}
