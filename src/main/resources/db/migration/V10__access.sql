-- Gateway keys (issue 5): only a keyed hash of each secret and a visible prefix are stored.
-- The editable settings (allow-lists, budget, rate limits, options, metadata) are one JSON
-- document, as the admin API shows them.
CREATE TABLE gateway_keys (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  prefix      TEXT NOT NULL,
  hash        TEXT NOT NULL,
  owner       TEXT,
  created_ms  BIGINT NOT NULL,
  updated_ms  BIGINT NOT NULL,
  revoked_ms  BIGINT,
  spec        TEXT NOT NULL
);
CREATE UNIQUE INDEX gateway_keys_hash ON gateway_keys (hash);

-- The cost ledger: one row per answered request, with its cost broken down (USD).
CREATE TABLE ledger (
  request_id         TEXT NOT NULL,
  ts_ms              BIGINT NOT NULL,
  day                TEXT NOT NULL,
  key_id             TEXT NOT NULL,
  team               TEXT,
  provider           TEXT,
  model              TEXT,
  input_tokens       BIGINT NOT NULL,
  cached_tokens      BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  output_tokens      BIGINT NOT NULL,
  reasoning_tokens   BIGINT NOT NULL,
  tokens_estimated   INTEGER NOT NULL,
  priced             INTEGER NOT NULL,
  input_usd          DOUBLE PRECISION NOT NULL,
  cached_input_usd   DOUBLE PRECISION NOT NULL,
  cache_write_usd    DOUBLE PRECISION NOT NULL,
  output_usd         DOUBLE PRECISION NOT NULL,
  reasoning_usd      DOUBLE PRECISION NOT NULL,
  markup_usd         DOUBLE PRECISION NOT NULL,
  total_usd          DOUBLE PRECISION NOT NULL
);
CREATE INDEX ledger_key_ts ON ledger (key_id, ts_ms);
CREATE INDEX ledger_team_ts ON ledger (team, ts_ms);
CREATE INDEX ledger_ts ON ledger (ts_ms);

-- Budget alerts fired: one per scope, period and threshold (the primary key keeps it so).
CREATE TABLE budget_notifications (
  id               TEXT NOT NULL,
  scope            TEXT NOT NULL,
  name             TEXT NOT NULL,
  period_start_ms  BIGINT NOT NULL,
  period_end_ms    BIGINT NOT NULL,
  threshold        INTEGER NOT NULL,
  spent_usd        DOUBLE PRECISION NOT NULL,
  limit_usd        DOUBLE PRECISION NOT NULL,
  fired_ms         BIGINT NOT NULL,
  PRIMARY KEY (scope, period_start_ms, threshold)
);
CREATE INDEX budget_notifications_fired ON budget_notifications (fired_ms);
