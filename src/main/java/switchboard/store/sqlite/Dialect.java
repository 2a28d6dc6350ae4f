package switchboard.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The few places where SQLite and PostgreSQL differ; everything else in the stores is one portable
 * SQL text (upserts as {@code INSERT ... ON CONFLICT}, which both understand).
 */
public enum Dialect {
  SQLITE,
  POSTGRES;

  /** Advisory lock keys (PostgreSQL): migrations, roll-up merges. Arbitrary, fixed constants. */
  static final long MIGRATION_LOCK = 0x5357_4244_0001L;

  static final long ROLLUP_LOCK = 0x5357_4244_0002L;

  /** A migration statement in this dialect: the files are written for both, BLOB aside. */
  public String ddl(String statement) {
    return this == POSTGRES ? statement.replaceAll("\\bBLOB\\b", "BYTEA") : statement;
  }

  /**
   * The condition "the JSON array in {@code requests.tags} holds the bound value" (one parameter).
   */
  public String tagMatch() {
    return this == POSTGRES
        ? " AND EXISTS (SELECT 1 FROM json_array_elements_text("
            + "CASE WHEN requests.tags LIKE '[%' THEN requests.tags ELSE '[]' END::json) t(value)"
            + " WHERE t.value = ?)"
        : " AND EXISTS (SELECT 1 FROM json_each(requests.tags) t WHERE t.value = ?)";
  }

  /**
   * Serialises roll-up merges across nodes for the rest of the caller's transaction: a merge reads,
   * adds and writes rows back, so two nodes merging the same hour at once would lose one's figures.
   * SQLite has one writer per file already.
   */
  public void lockRollups(Connection c) throws SQLException {
    if (this == POSTGRES) {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + ROLLUP_LOCK + ")");
      }
    }
  }
}
