package switchboard.store.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import switchboard.store.Stores;
import switchboard.store.StoresContract;

/** The store contract on the machine's PostgreSQL, in a fresh schema per test. */
class PostgresStoresIT extends StoresContract {

  private TestSchema schema;

  @Override
  protected Stores open() throws Exception {
    schema = TestSchema.create();
    return Stores.open(schema.url(), null, CLOCK);
  }

  @Override
  protected long count(String sql) throws Exception {
    try (Connection c = schema.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (stores != null) {
      stores.close();
      stores = null;
    }
    if (schema != null) {
      schema.close();
    }
  }
}
