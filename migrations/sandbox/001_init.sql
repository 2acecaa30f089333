-- One sandbox's whole world. Times are simulated-clock milliseconds; dates are ISO YYYY-MM-DD.
CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL               -- JSON
);

CREATE TABLE users (
  cco_id      TEXT PRIMARY KEY,
  email       TEXT NOT NULL,
  name        TEXT NOT NULL,
  company     TEXT NOT NULL,
  token       TEXT NOT NULL UNIQUE,
  created_ms  INTEGER NOT NULL
);

CREATE TABLE smart_accounts (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  domain  TEXT NOT NULL UNIQUE
);

CREATE TABLE virtual_accounts (
  id                INTEGER PRIMARY KEY,
  smart_account_id  INTEGER NOT NULL REFERENCES smart_accounts(id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  UNIQUE (smart_account_id, name)
);

CREATE TABLE smart_account_users (
  smart_account_id  INTEGER NOT NULL REFERENCES smart_accounts(id) ON DELETE CASCADE,
  cco_id            TEXT NOT NULL REFERENCES users(cco_id) ON DELETE CASCADE,
  PRIMARY KEY (smart_account_id, cco_id)
);

CREATE TABLE orders (
  id                   INTEGER PRIMARY KEY,
  sales_order          TEXT NOT NULL UNIQUE,
  cco_id               TEXT NOT NULL REFERENCES users(cco_id),
  ship_ms              INTEGER NOT NULL,
  activation_delay_ms  INTEGER NOT NULL,
  created_ms           INTEGER NOT NULL
);

CREATE TABLE paks (
  pak                 TEXT PRIMARY KEY,
  order_id            INTEGER NOT NULL REFERENCES orders(id),
  line_no             INTEGER NOT NULL,
  delivered_ms        INTEGER NOT NULL,
  active_ms           INTEGER NOT NULL,
  deactivated_ms      INTEGER,
  deactivated_reason  TEXT
);
CREATE INDEX paks_by_order ON paks(order_id);

CREATE TABLE pak_lines (
  id                  INTEGER PRIMARY KEY,
  pak                 TEXT NOT NULL REFERENCES paks(pak),
  sku                 TEXT NOT NULL,
  order_quantity      INTEGER NOT NULL,
  quantity            INTEGER NOT NULL,
  assigned            INTEGER NOT NULL DEFAULT 0,
  multi_use           INTEGER NOT NULL,
  authorized_users    INTEGER,
  term_months         INTEGER,
  start_date          TEXT NOT NULL,
  end_date            TEXT,
  -- The last line of defence against over-allocation: no transaction can commit more than bought.
  CHECK (assigned >= 0 AND assigned <= quantity)
);
CREATE INDEX pak_lines_by_pak ON pak_lines(pak);

CREATE TABLE transactions (
  id                TEXT PRIMARY KEY,
  type              TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('processing', 'completed', 'failed')),
  cco_id            TEXT NOT NULL REFERENCES users(cco_id),
  created_ms        INTEGER NOT NULL,
  completed_ms      INTEGER,
  send_to           TEXT NOT NULL,    -- JSON array
  end_user          TEXT NOT NULL,    -- JSON object
  smart_account     TEXT,
  virtual_account   TEXT
);
CREATE INDEX transactions_by_user ON transactions(cco_id, created_ms);

CREATE TABLE registration_lines (
  id              INTEGER PRIMARY KEY,
  transaction_id  TEXT NOT NULL REFERENCES transactions(id),
  pak_line_id     INTEGER NOT NULL REFERENCES pak_lines(id),
  quantity        INTEGER NOT NULL
);
CREATE INDEX registration_lines_by_tx ON registration_lines(transaction_id);

CREATE TABLE devices (
  serial          TEXT PRIMARY KEY,
  activation_key  TEXT,
  features        TEXT NOT NULL,   -- JSON FeatureSet
  updated_ms      INTEGER NOT NULL
);

CREATE TABLE device_licenses (
  id              INTEGER PRIMARY KEY,
  serial          TEXT NOT NULL REFERENCES devices(serial),
  pak_line_id     INTEGER NOT NULL REFERENCES pak_lines(id),
  transaction_id  TEXT NOT NULL REFERENCES transactions(id),
  cco_id          TEXT NOT NULL REFERENCES users(cco_id),
  quantity        INTEGER NOT NULL,
  registered_ms   INTEGER NOT NULL
);
CREATE INDEX device_licenses_by_serial ON device_licenses(serial);
CREATE INDEX device_licenses_by_tx ON device_licenses(transaction_id);

CREATE TABLE mail (
  id              TEXT PRIMARY KEY,
  message_id      TEXT NOT NULL UNIQUE,
  transaction_id  TEXT REFERENCES transactions(id),
  template        TEXT NOT NULL,
  from_addr       TEXT NOT NULL,
  to_addrs        TEXT NOT NULL,    -- JSON array
  subject         TEXT NOT NULL,
  text            TEXT NOT NULL,
  html            TEXT NOT NULL,
  created_ms      INTEGER NOT NULL,
  deliver_ms      INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'delivered'))
);
CREATE INDEX mail_by_status ON mail(status, deliver_ms);

CREATE TABLE mail_attachments (
  id            INTEGER PRIMARY KEY,
  mail_id       TEXT NOT NULL REFERENCES mail(id) ON DELETE CASCADE,
  filename      TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  content       BLOB NOT NULL
);
CREATE INDEX mail_attachments_by_mail ON mail_attachments(mail_id);

-- Work due at a simulated time; runs when the sandbox clock reaches due_ms.
CREATE TABLE jobs (
  id       INTEGER PRIMARY KEY,
  due_ms   INTEGER NOT NULL,
  kind     TEXT NOT NULL,
  payload  TEXT NOT NULL,        -- JSON
  done_ms  INTEGER
);
CREATE INDEX jobs_pending ON jobs(done_ms, due_ms);
