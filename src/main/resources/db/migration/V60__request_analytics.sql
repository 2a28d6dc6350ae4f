-- Request records hold everything SPEC §4 lists (issue 12): the target that served, the routing
-- policy, the response cache's verdict, savings, guardrail actions, whether a failover served it,
-- and (only with prompt logging on) the prompt's text.
ALTER TABLE requests ADD COLUMN target TEXT;
ALTER TABLE requests ADD COLUMN policy TEXT;
ALTER TABLE requests ADD COLUMN cache TEXT;
ALTER TABLE requests ADD COLUMN savings_usd DOUBLE PRECISION;
ALTER TABLE requests ADD COLUMN guardrails TEXT;
ALTER TABLE requests ADD COLUMN failover INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN prompt TEXT;
