-- The request log pages newest first by (time, id): an index in that order lets a page read only
-- its rows instead of sorting the range (issue 12). It covers what requests_ts did.
CREATE INDEX requests_ts_id ON requests (ts_ms, id);
DROP INDEX requests_ts;
