-- One row per request that reached the gateway's API (SPEC: every request is recorded).
-- Portable SQL: runs on SQLite (embedded default) and PostgreSQL (scale-out).
CREATE TABLE requests (
  id                 TEXT PRIMARY KEY,
  ts_ms              BIGINT NOT NULL,
  key_id             TEXT,
  operation          TEXT NOT NULL,
  requested_model    TEXT,
  provider           TEXT,
  served_model       TEXT,
  status             INTEGER NOT NULL,
  error_type         TEXT,
  stream             INTEGER NOT NULL,
  latency_ms         BIGINT NOT NULL,
  ttft_ms            BIGINT,
  input_tokens       BIGINT NOT NULL,
  cached_tokens      BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  output_tokens      BIGINT NOT NULL,
  reasoning_tokens   BIGINT NOT NULL,
  cost_usd           DOUBLE PRECISION,
  attempt_count      INTEGER NOT NULL,
  attempts           TEXT,
  tags               TEXT,
  user_id            TEXT,
  trace_id           TEXT,
  extra              TEXT
);
CREATE INDEX requests_ts ON requests (ts_ms);
CREATE INDEX requests_key_ts ON requests (key_id, ts_ms);
