package switchboard.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.model.Usage;
import switchboard.provider.Failure;
import switchboard.provider.UpstreamError;
import switchboard.route.Attempt;
import switchboard.usage.UsageRecord;

class SqliteUsageLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static final Attempt FAILED =
      new Attempt(
          "openai/gpt-4o",
          429,
          new UpstreamError(
              Failure.RATE_LIMITED,
              429,
              "Rate limit reached",
              "tokens",
              "rate_limit_exceeded",
              null,
              Duration.ofSeconds(2)),
          120);
  private static final Attempt SERVED = new Attempt("mistral/mistral-large-latest", 200, null, 850);

  private static UsageRecord streamed() {
    return new UsageRecord(
        "req-1",
        1_767_225_600_000L,
        "key-a",
        "chat",
        "openai/gpt-4o",
        "mistral",
        "mistral-large-2411",
        200,
        null,
        true,
        975,
        310,
        new Usage(1_000, 200, 50, 300, 40),
        0.0123,
        List.of(FAILED, SERVED),
        "[\"team-a\",\"exp\"]",
        "user-7",
        "trace-9",
        "{\"k\":\"v\"}");
  }

  private static UsageRecord failed() {
    return new UsageRecord(
        "req-2",
        1_767_225_601_000L,
        null,
        "embeddings",
        "x/unknown",
        null,
        null,
        400,
        "invalid_request_error",
        false,
        3,
        -1,
        Usage.NONE,
        null,
        List.of(),
        null,
        null,
        null,
        null);
  }

  @Test
  void appendedBatchReadsBackColumnByColumn() throws Exception {
    Path file = dir.resolve("nested/data/switchboard.db");
    try (SqliteUsageLog log = SqliteUsageLog.open(file)) {
      log.append(List.of(streamed(), failed()));
    }
    assertThat(Files.isRegularFile(file)).isTrue();

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM requests ORDER BY ts_ms")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("id")).isEqualTo("req-1");
      assertThat(rs.getLong("ts_ms")).isEqualTo(1_767_225_600_000L);
      assertThat(rs.getString("key_id")).isEqualTo("key-a");
      assertThat(rs.getString("operation")).isEqualTo("chat");
      assertThat(rs.getString("requested_model")).isEqualTo("openai/gpt-4o");
      assertThat(rs.getString("provider")).isEqualTo("mistral");
      assertThat(rs.getString("served_model")).isEqualTo("mistral-large-2411");
      assertThat(rs.getInt("status")).isEqualTo(200);
      assertThat(rs.getString("error_type")).isNull();
      assertThat(rs.getInt("stream")).isEqualTo(1);
      assertThat(rs.getLong("latency_ms")).isEqualTo(975);
      assertThat(rs.getLong("ttft_ms")).isEqualTo(310);
      assertThat(rs.getLong("input_tokens")).isEqualTo(1_000);
      assertThat(rs.getLong("cached_tokens")).isEqualTo(200);
      assertThat(rs.getLong("cache_write_tokens")).isEqualTo(50);
      assertThat(rs.getLong("output_tokens")).isEqualTo(300);
      assertThat(rs.getLong("reasoning_tokens")).isEqualTo(40);
      assertThat(rs.getDouble("cost_usd")).isEqualTo(0.0123);
      assertThat(rs.getInt("attempt_count")).isEqualTo(2);
      assertThat(rs.getString("tags")).isEqualTo("[\"team-a\",\"exp\"]");
      assertThat(rs.getString("user_id")).isEqualTo("user-7");
      assertThat(rs.getString("trace_id")).isEqualTo("trace-9");
      assertThat(rs.getString("extra")).isEqualTo("{\"k\":\"v\"}");

      JsonNode attempts = JSON.readTree(rs.getString("attempts"));
      assertThat(attempts).hasSize(2);
      assertThat(attempts.get(0))
          .isEqualTo(
              JSON.readTree(
                  "{\"target\":\"openai/gpt-4o\","
                      + "\"status\":429,\"ms\":120,\"failure\":\"rate_limited\","
                      + "\"message\":\"Rate limit reached\"}"));
      assertThat(attempts.get(1))
          .isEqualTo(
              JSON.readTree(
                  "{\"target\":\"mistral/mistral-large-latest\",\"status\":200,\"ms\":850}"));

      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("id")).isEqualTo("req-2");
      assertThat(rs.getString("key_id")).isNull();
      assertThat(rs.getString("provider")).isNull();
      assertThat(rs.getInt("stream")).isZero();
      assertThat(rs.getString("error_type")).isEqualTo("invalid_request_error");
      rs.getLong("ttft_ms");
      assertThat(rs.wasNull()).as("ttft -1 is stored as NULL").isTrue();
      rs.getDouble("cost_usd");
      assertThat(rs.wasNull()).as("unknown cost is stored as NULL").isTrue();
      assertThat(rs.getInt("attempt_count")).isZero();
      assertThat(rs.getString("attempts")).isEqualTo("[]");
      assertThat(rs.getString("tags")).isNull();
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void reAppendingARecordIsIgnoredAndReopeningKeepsData() throws Exception {
    Path file = dir.resolve("switchboard.db");
    try (SqliteUsageLog log = SqliteUsageLog.open(file)) {
      log.append(List.of(streamed()));
      log.append(List.of(streamed(), failed()));
    }
    try (SqliteUsageLog log = SqliteUsageLog.open(file)) {
      log.append(List.of());
    }

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(input_tokens) FROM requests")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
        assertThat(rs.getLong(2)).isEqualTo(1_000);
      }
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      }
    }
  }

  @Test
  void attemptsJsonDescribesEachTry() throws Exception {
    JsonNode json =
        JSON.readTree(
            SqliteUsageLog.attemptsJson(
                List.of(
                    new Attempt(
                        "openai/gpt-4o", 0, UpstreamError.of(Failure.CONNECT, 0, null), 5))));

    assertThat(json)
        .isEqualTo(
            JSON.readTree(
                "[{\"target\":\"openai/gpt-4o\",\"status\":0,\"ms\":5,\"failure\":\"connect\","
                    + "\"message\":null}]"));
  }

  private static UsageRecord analysed(String id, int status, String cache) {
    return new UsageRecord(
        id,
        1_767_225_600_000L + 10,
        "key-a",
        "chat",
        "policy/cheap",
        "anthropic",
        "claude-haiku-4-5-20251001",
        status,
        null,
        true,
        975,
        310,
        new Usage(1_000, 200, 50, 300, 40),
        0.0123,
        List.of(FAILED, SERVED),
        "[\"team-a\"]",
        null,
        null,
        null,
        "anthropic/claude-haiku-4-5",
        "cheap",
        cache,
        0.004,
        "pii=redacted",
        true,
        "{\"messages\":[]}",
        null);
  }

  @Test
  void analyticsFieldsAndRollupsAreWrittenOncePerRecord() throws Exception {
    Path file = dir.resolve("switchboard.db");
    try (SqliteUsageLog log = SqliteUsageLog.open(file)) {
      log.append(List.of(analysed("req-a", 200, "miss"), analysed("req-b", 200, "hit")));
      log.append(List.of(analysed("req-a", 200, "miss"))); // a repeated client request id
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT * FROM requests WHERE id = 'req-a'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("target")).isEqualTo("anthropic/claude-haiku-4-5");
        assertThat(rs.getString("policy")).isEqualTo("cheap");
        assertThat(rs.getString("cache")).isEqualTo("miss");
        assertThat(rs.getDouble("savings_usd")).isEqualTo(0.004);
        assertThat(rs.getString("guardrails")).isEqualTo("pii=redacted");
        assertThat(rs.getInt("failover")).isEqualTo(1);
        assertThat(rs.getString("prompt")).isEqualTo("{\"messages\":[]}");
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT dim, value, requests, cache_hits, cache_consulted, failovers, cost_nusd"
                  + " FROM request_rollups ORDER BY dim, value")) {
        List<String> rows = new java.util.ArrayList<>();
        while (rs.next()) {
          rows.add(
              rs.getString(1)
                  + "="
                  + rs.getString(2)
                  + ":"
                  + rs.getLong(3)
                  + ","
                  + rs.getLong(4)
                  + "/"
                  + rs.getLong(5)
                  + ","
                  + rs.getLong(6)
                  + ","
                  + rs.getLong(7));
        }
        assertThat(rows)
            .containsExactly(
                "=:2,1/2,2,24600000",
                "key=key-a:2,1/2,2,24600000",
                "model=anthropic/claude-haiku-4-5:2,1/2,2,24600000",
                "policy=cheap:2,1/2,2,24600000",
                "provider=anthropic:2,1/2,2,24600000",
                "status=200:2,1/2,2,24600000",
                "tag=team-a:2,1/2,2,24600000");
      }
    }
  }
}
