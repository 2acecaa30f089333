-- The registry: which sandboxes exist and which bearer token belongs to which sandbox user.
-- Sandbox contents live in one database per sandbox (migrations/sandbox).
CREATE TABLE sandboxes (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  scenario    TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE tokens (
  token       TEXT PRIMARY KEY,
  sandbox_id  TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
  cco_id      TEXT NOT NULL
);
CREATE INDEX tokens_by_sandbox ON tokens(sandbox_id);
