-- Change counters (issue 16): every write of keys, policies, providers or settings adds one to its
-- topic's version in the same database; nodes sharing a PostgreSQL database poll this small table
-- and reload a topic whose version moved, so a change through any node applies on all of them.
CREATE TABLE changes (
  topic    TEXT PRIMARY KEY,
  version  BIGINT NOT NULL
);
INSERT INTO changes (topic, version) VALUES ('keys', 0);
INSERT INTO changes (topic, version) VALUES ('policies', 0);
INSERT INTO changes (topic, version) VALUES ('providers', 0);
INSERT INTO changes (topic, version) VALUES ('settings', 0);
