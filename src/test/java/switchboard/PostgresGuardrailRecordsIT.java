package switchboard;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import switchboard.store.postgres.TestSchema;

/**
 * {@link GuardrailRecordsContract} on PostgreSQL: the leak check reads every row of the records and
 * the roll-ups as text.
 */
class PostgresGuardrailRecordsIT extends GuardrailRecordsContract {

  @TempDir static Path data;
  private TestSchema schema;

  @Override
  protected GatewayFixture start(Map<String, String> env) throws Exception {
    schema = TestSchema.create();
    return GatewayFixture.startOnDatabase(data, env, schema.url());
  }

  @Override
  protected String everythingStored() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = schema.connect();
        Statement s = c.createStatement()) {
      for (String table : new String[] {"requests", "request_rollups"}) {
        try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
          while (rs.next()) {
            all.append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    return all.toString();
  }

  @AfterAll
  void dropSchema() throws Exception {
    if (schema != null) {
      schema.close();
    }
  }
}
