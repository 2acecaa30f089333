-- Test harness: spam folder and SMTP relay state on mail, injected faults, the request journal and
-- idempotency keys. All of it lives in the sandbox database so it travels with the sandbox.

-- The FAQ's "check your Spam folder": a message lands in the inbox or in the spam folder.
ALTER TABLE mail ADD COLUMN folder TEXT NOT NULL DEFAULT 'inbox' CHECK (folder IN ('inbox', 'spam'));
-- NULL: not relayed (no SMTP_URL when it landed). Attempts and the last error are real-time facts.
ALTER TABLE mail ADD COLUMN relay_status TEXT CHECK (relay_status IN ('pending', 'sent', 'failed'));
ALTER TABLE mail ADD COLUMN relay_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail ADD COLUMN relay_error TEXT;
CREATE INDEX mail_by_folder ON mail(folder, deliver_ms);

-- Failures injected on the portal API (latency, error rate, maintenance).
CREATE TABLE faults (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('latency', 'error', 'maintenance')),
  operation   TEXT,              -- an operationId; NULL = every portal route
  params      TEXT NOT NULL,     -- JSON, shape depends on kind
  created_ms  INTEGER NOT NULL
);

-- The last N portal requests (N = settings.journalSize); trimmed in the statement batch that inserts.
CREATE TABLE request_journal (
  id           INTEGER PRIMARY KEY,
  request_id   TEXT NOT NULL,
  at_ms        INTEGER NOT NULL,
  method       TEXT NOT NULL,
  path         TEXT NOT NULL,
  operation    TEXT,
  status       INTEGER NOT NULL,
  duration_ms  REAL NOT NULL,
  cco_id       TEXT,
  error_code   TEXT,
  injected     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX request_journal_by_status ON request_journal(status);

-- Stripe-style Idempotency-Key records: the first response, replayed for 24 h of sandbox time.
CREATE TABLE idempotency_keys (
  cco_id       TEXT NOT NULL,
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,     -- sha256 of method, path and canonical body
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,     -- JSON
  created_ms   INTEGER NOT NULL,
  expires_ms   INTEGER NOT NULL,
  PRIMARY KEY (cco_id, key)
);
CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys(expires_ms);
