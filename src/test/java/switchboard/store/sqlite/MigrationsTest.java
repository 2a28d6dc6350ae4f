package switchboard.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

  @TempDir Path dir;

  private Connection open() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
  }

  @Test
  void appliesEveryMigrationOnceAndRecordsIt() throws Exception {
    try (Connection c = open()) {
      assertThat(Migrations.apply(c)).isEqualTo(Migrations.ALL.size()).isPositive();
      assertThat(Migrations.apply(c)).isZero();

      assertThat(strings(c, "SELECT name FROM schema_migrations ORDER BY version"))
          .containsExactlyElementsOf(Migrations.ALL);
      assertThat(strings(c, "SELECT name FROM sqlite_master WHERE type = 'table'"))
          .contains("requests", "schema_migrations");
      assertThat(strings(c, "SELECT name FROM sqlite_master WHERE type = 'index'"))
          .contains("requests_ts_id", "requests_key_ts");
      assertThat(c.getAutoCommit()).as("auto-commit restored").isTrue();
    }
  }

  @Test
  void aLaterConnectionToTheSameFileAppliesNothing() throws Exception {
    try (Connection c = open()) {
      Migrations.apply(c);
    }
    try (Connection c = open()) {
      assertThat(Migrations.apply(c)).isZero();
      assertThat(strings(c, "SELECT COUNT(*) FROM schema_migrations"))
          .containsExactly(String.valueOf(Migrations.ALL.size()));
    }
  }

  @Test
  void requestsTableHasTheRecordedColumns() throws Exception {
    try (Connection c = open()) {
      Migrations.apply(c);

      assertThat(strings(c, "SELECT name FROM pragma_table_info('requests')"))
          .contains(
              "id",
              "ts_ms",
              "key_id",
              "operation",
              "status",
              "input_tokens",
              "cached_tokens",
              "cache_write_tokens",
              "output_tokens",
              "reasoning_tokens",
              "cost_usd",
              "attempts",
              "tags");
    }
  }

  @Test
  void statementsSplitOnLineEndSemicolonsAndDropComments() {
    String script =
        """
        -- header comment
        CREATE TABLE a (
          id TEXT PRIMARY KEY, -- inline comments stay inside the statement
          n  INTEGER
        );

          -- indented comment
        CREATE INDEX a_n ON a (n);
        INSERT INTO a VALUES ('x;y', 1);
        SELECT 1
        """;

    List<String> statements = Migrations.statements(script);

    assertThat(statements)
        .containsExactly(
            "CREATE TABLE a (\n  id TEXT PRIMARY KEY, -- inline comments stay inside the statement\n"
                + "  n  INTEGER\n)",
            "CREATE INDEX a_n ON a (n)",
            "INSERT INTO a VALUES ('x;y', 1)",
            "SELECT 1");
  }

  @Test
  void statementsHandleCrlfAndEmptyScripts() {
    assertThat(Migrations.statements("CREATE TABLE a (x INT);\r\nCREATE TABLE b (y INT);\r\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)");
    assertThat(Migrations.statements("")).isEmpty();
    assertThat(Migrations.statements("-- only a comment\n\n")).isEmpty();
  }

  private static List<String> strings(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
