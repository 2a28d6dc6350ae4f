-- Settings saved through the admin API (issue 12): one JSON document per name ('gateway'), its
-- webhook secrets sealed (AES-256-GCM, "enc:v1:...").
CREATE TABLE settings (
  name        TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_ms  BIGINT NOT NULL
);
