-- Routing policies saved through the admin API, as their JSON spec. Policies from
-- switchboard.yaml are not stored here: the file stays their source.
CREATE TABLE IF NOT EXISTS policies (
  name TEXT PRIMARY KEY,
  spec TEXT NOT NULL,
  updated_ms BIGINT NOT NULL
);
