-- Guardrail findings (issue 14): each request's counts per personal-data type and the actions
-- taken, as JSON ({"action":"redact","types":{"EMAIL_ADDRESS":2},"injection":{"score":0.8,
-- "action":"flag"}}), never the values found. The hourly roll-ups add up the requests with any
-- finding, the requests per action, and the findings per type (a JSON object of counts, merged
-- like the other figures), so the analytics count them without reading the records.
ALTER TABLE requests ADD COLUMN guard_findings TEXT;
ALTER TABLE request_rollups ADD COLUMN guarded BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups ADD COLUMN guard_redact BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups ADD COLUMN guard_mask BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups ADD COLUMN guard_block BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups ADD COLUMN guard_flag BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups ADD COLUMN guard_types TEXT;
