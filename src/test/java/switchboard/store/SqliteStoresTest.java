package switchboard.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded SQLite file. */
class SqliteStoresTest extends StoresContract {

  @TempDir Path dir;

  @Override
  protected Stores open() throws Exception {
    return Stores.open(null, dir.resolve("switchboard.db"), CLOCK);
  }

  @Override
  protected long count(String sql) throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("switchboard.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }
}
