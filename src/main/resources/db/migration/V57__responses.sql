-- Stored Responses API answers (issue 15): previous_response_id and GET/DELETE /v1/responses/{id}.
CREATE TABLE IF NOT EXISTS responses (
  id TEXT NOT NULL,
  tenant TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  origin TEXT,
  input TEXT NOT NULL,
  response TEXT NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS responses_expiry ON responses (expires_ms);
