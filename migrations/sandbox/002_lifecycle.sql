-- Sharing, device rules and the rest of the license lifecycle (issue 3).

-- Simulated ASAs the sandbox knows about: the portal itself cannot tell a chassis serial from a
-- 'show version' serial, but the device can.
CREATE TABLE asa_devices (
  serial          TEXT PRIMARY KEY,          -- as 'show version' reports it
  chassis_serial  TEXT UNIQUE,               -- 'show inventory' (ASA 5500-X); NULL when the same
  model           TEXT NOT NULL,
  hostname        TEXT NOT NULL,
  failover_role   TEXT CHECK (failover_role IN ('primary', 'secondary')),
  failover_peer   TEXT,
  created_ms      INTEGER NOT NULL
);

-- Licenses on a device: shared copies and what RMA or a newer license model took away.
ALTER TABLE device_licenses ADD COLUMN shared_from TEXT;
ALTER TABLE device_licenses ADD COLUMN removed_ms INTEGER;
ALTER TABLE device_licenses ADD COLUMN removed_reason TEXT;
CREATE INDEX device_licenses_by_line ON device_licenses(pak_line_id);

-- What happened to a device, for support ("record that, and show it").
CREATE TABLE device_events (
  id         INTEGER PRIMARY KEY,
  serial     TEXT NOT NULL,
  at_ms      INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  detail     TEXT NOT NULL
);
CREATE INDEX device_events_by_serial ON device_events(serial, at_ms);

CREATE TABLE activation_codes (
  code            TEXT PRIMARY KEY,
  cco_id          TEXT NOT NULL REFERENCES users(cco_id),
  source_serial   TEXT NOT NULL,
  target_serial   TEXT NOT NULL,
  transaction_id  TEXT NOT NULL REFERENCES transactions(id),
  created_ms      INTEGER NOT NULL,
  expires_ms      INTEGER NOT NULL,
  used_ms         INTEGER,
  used_by_tx      TEXT
);

-- Lines picked in "Select SKU Options" for a share waiting to complete.
CREATE TABLE share_lines (
  transaction_id  TEXT NOT NULL REFERENCES transactions(id),
  pak_line_id     INTEGER NOT NULL REFERENCES pak_lines(id),
  quantity        INTEGER NOT NULL,
  source_serial   TEXT NOT NULL,
  target_serial   TEXT NOT NULL,
  PRIMARY KEY (transaction_id, pak_line_id)
);

CREATE TABLE evaluations (
  id              INTEGER PRIMARY KEY,
  serial          TEXT NOT NULL,
  cco_id          TEXT NOT NULL REFERENCES users(cco_id),
  transaction_id  TEXT NOT NULL REFERENCES transactions(id),
  start_date      TEXT NOT NULL,
  end_date        TEXT NOT NULL,
  activation_key  TEXT NOT NULL
);
CREATE INDEX evaluations_by_serial ON evaluations(serial);

ALTER TABLE users ADD COLUMN address TEXT NOT NULL DEFAULT '{}';

CREATE TABLE contracts (
  number          TEXT PRIMARY KEY,
  order_id        INTEGER NOT NULL REFERENCES orders(id),
  address         TEXT NOT NULL,            -- JSON, the end customer's address on the contract
  available_ms    INTEGER NOT NULL,
  linked_cco_id   TEXT REFERENCES users(cco_id),
  linked_ms       INTEGER
);

-- Entitlements in Smart Account Virtual Accounts (registration step 1, or the FTD sharing request).
CREATE TABLE smart_entitlements (
  id                INTEGER PRIMARY KEY,
  smart_account_id  INTEGER NOT NULL REFERENCES smart_accounts(id),
  virtual_account   TEXT NOT NULL,
  license           TEXT NOT NULL,
  quantity          INTEGER NOT NULL,
  start_date        TEXT NOT NULL,
  end_date          TEXT,
  pak               TEXT NOT NULL,
  transaction_id    TEXT NOT NULL REFERENCES transactions(id)
);
CREATE INDEX smart_entitlements_by_account ON smart_entitlements(smart_account_id, virtual_account);

CREATE TABLE smart_account_requests (
  transaction_id   TEXT PRIMARY KEY REFERENCES transactions(id),
  requester        TEXT NOT NULL,
  smart_account    TEXT NOT NULL,
  virtual_account  TEXT NOT NULL,
  pak              TEXT NOT NULL,
  license_type     TEXT NOT NULL
);
