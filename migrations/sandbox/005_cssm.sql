-- Smart Software Manager API subset (issue 9): API clients, OAuth access tokens, registration
-- tokens, devices registered with them, and license transfers between Virtual Accounts.

ALTER TABLE virtual_accounts ADD COLUMN description TEXT NOT NULL DEFAULT '';
-- 1 marks the Smart Account's default Virtual Account; with none marked, the one named 'Default' is.
ALTER TABLE virtual_accounts ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0;
ALTER TABLE virtual_accounts ADD COLUMN commerce_access_level TEXT NOT NULL DEFAULT 'PUBLIC';

-- OAuth clients of the sandbox; only a SHA-256 of the secret is kept.
CREATE TABLE cssm_api_clients (
  client_id    TEXT PRIMARY KEY,
  secret_hash  TEXT NOT NULL,
  name         TEXT NOT NULL,
  cco_id       TEXT REFERENCES users(cco_id) ON DELETE CASCADE,   -- NULL: every Smart Account
  created_ms   INTEGER NOT NULL
);

-- Bearer tokens (SHA-256), valid until expires_ms on the sandbox clock.
CREATE TABLE cssm_access_tokens (
  token_hash     TEXT PRIMARY KEY,
  client_id      TEXT NOT NULL REFERENCES cssm_api_clients(client_id) ON DELETE CASCADE,
  acting_cco_id  TEXT,              -- the user of a password grant, else the client's own
  issued_ms      INTEGER NOT NULL,
  expires_ms     INTEGER NOT NULL
);
CREATE INDEX cssm_access_tokens_by_expiry ON cssm_access_tokens(expires_ms);

-- Product instance registration tokens of a Virtual Account.
CREATE TABLE cssm_registration_tokens (
  id                 INTEGER PRIMARY KEY,
  token              TEXT NOT NULL UNIQUE,
  smart_account_id   INTEGER NOT NULL REFERENCES smart_accounts(id) ON DELETE CASCADE,
  virtual_account    TEXT NOT NULL,
  description        TEXT NOT NULL,
  expires_after_days INTEGER NOT NULL,
  export_controlled  INTEGER NOT NULL,
  created_by         TEXT NOT NULL,
  created_ms         INTEGER NOT NULL,
  expires_ms         INTEGER NOT NULL
);
CREATE INDEX cssm_registration_tokens_by_va ON cssm_registration_tokens(smart_account_id, virtual_account);

-- Devices (product instances) registered with a token; they consume licenses of its Virtual Account.
CREATE TABLE cssm_devices (
  id                 INTEGER PRIMARY KEY,
  serial             TEXT NOT NULL UNIQUE,
  smart_account_id   INTEGER NOT NULL REFERENCES smart_accounts(id) ON DELETE CASCADE,
  virtual_account    TEXT NOT NULL,
  token_id           INTEGER NOT NULL REFERENCES cssm_registration_tokens(id),
  product_id         TEXT NOT NULL,
  instance_name      TEXT NOT NULL,
  registered_ms      INTEGER NOT NULL
);
CREATE INDEX cssm_devices_by_va ON cssm_devices(smart_account_id, virtual_account);

CREATE TABLE cssm_device_licenses (
  device_id  INTEGER NOT NULL REFERENCES cssm_devices(id) ON DELETE CASCADE,
  license    TEXT NOT NULL,
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (device_id, license)
);

-- Quantity of one entitlement line moved from one Virtual Account to another.
CREATE TABLE cssm_license_transfers (
  id                INTEGER PRIMARY KEY,
  smart_account_id  INTEGER NOT NULL REFERENCES smart_accounts(id) ON DELETE CASCADE,
  entitlement_id    INTEGER NOT NULL REFERENCES smart_entitlements(id),
  from_va           TEXT NOT NULL,
  to_va             TEXT NOT NULL,
  quantity          INTEGER NOT NULL CHECK (quantity > 0),
  created_by        TEXT NOT NULL,
  created_ms        INTEGER NOT NULL
);
CREATE INDEX cssm_license_transfers_by_account ON cssm_license_transfers(smart_account_id);
