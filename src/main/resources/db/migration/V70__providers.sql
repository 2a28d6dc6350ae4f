-- Providers saved through the admin API (issue 12). spec is the entry in the config file's field
-- names with every secret sealed (AES-256-GCM, "enc:v1:..."); a row with a NULL spec only records
-- that a provider of the environment or the file was disabled.
CREATE TABLE providers (
  id          TEXT PRIMARY KEY,
  spec        TEXT,
  enabled     INTEGER NOT NULL,
  updated_ms  BIGINT NOT NULL
);
