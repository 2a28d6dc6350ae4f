-- Hourly roll-ups of the request records per dimension (issue 12): one row per hour for all
-- requests (dim ''), and one per hour and value of each dimension (key, model, provider, policy,
-- tag, status). Counts and token sums are exact integers, cost and savings in nano-dollars (exact
-- sums); latency and time to first token are mergeable DDSketch quantile sketches (1 % relative
-- accuracy). Written in the same transaction as the records they cover.
CREATE TABLE request_rollups (
  dim                TEXT NOT NULL,
  value              TEXT NOT NULL,
  bucket_ms          BIGINT NOT NULL,
  requests           BIGINT NOT NULL,
  errors             BIGINT NOT NULL,
  input_tokens       BIGINT NOT NULL,
  cached_tokens      BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  output_tokens      BIGINT NOT NULL,
  reasoning_tokens   BIGINT NOT NULL,
  cost_nusd          BIGINT NOT NULL,
  savings_nusd       BIGINT NOT NULL,
  cache_consulted    BIGINT NOT NULL,
  cache_hits         BIGINT NOT NULL,
  served             BIGINT NOT NULL,
  failovers          BIGINT NOT NULL,
  latency            BLOB,
  ttft               BLOB,
  PRIMARY KEY (dim, value, bucket_ms)
);
