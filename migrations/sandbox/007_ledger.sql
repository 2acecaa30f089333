-- The entitlement ledger (issue 15): what a PAK carries into Smart Accounts and how much of it is
-- there, what RMAs gave back of each registration, SWSS service lines, and contract dates.

-- What the PAK line carries (authorized users, the multi-use expansion, or ASAs) and how much of it
-- Smart Accounts hold, wherever it came from.
ALTER TABLE pak_lines ADD COLUMN entitlement INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pak_lines ADD COLUMN provisioned INTEGER NOT NULL DEFAULT 0
  CHECK (provisioned >= 0 AND provisioned <= entitlement);
UPDATE pak_lines SET entitlement = COALESCE(authorized_users, quantity);
UPDATE pak_lines SET provisioned = MIN(entitlement,
  (SELECT COALESCE(SUM(e.quantity), 0) FROM smart_entitlements e WHERE e.pak = pak_lines.pak));

-- Units an RMA gave back of what the registration took.
ALTER TABLE registration_lines ADD COLUMN returned INTEGER NOT NULL DEFAULT 0
  CHECK (returned >= 0 AND returned <= quantity);

-- Software Support Service lines of an order: on its contract, no PAK.
CREATE TABLE order_services (
  id           INTEGER PRIMARY KEY,
  order_id     INTEGER NOT NULL REFERENCES orders(id),
  line_no      INTEGER NOT NULL,
  sku          TEXT NOT NULL,
  quantity     INTEGER NOT NULL CHECK (quantity > 0),
  term_months  INTEGER NOT NULL,
  start_date   TEXT NOT NULL,
  end_date     TEXT NOT NULL
);
CREATE INDEX order_services_by_order ON order_services(order_id);

-- "The contract is set to become active one day after ship"; it ends with the last term it covers.
ALTER TABLE contracts ADD COLUMN start_date TEXT;
ALTER TABLE contracts ADD COLUMN end_date TEXT;
UPDATE contracts SET
  start_date = date((SELECT ship_ms FROM orders o WHERE o.id = contracts.order_id) / 1000, 'unixepoch', '+1 day'),
  end_date = (SELECT MAX(l.end_date) FROM pak_lines l JOIN paks p ON p.pak = l.pak WHERE p.order_id = contracts.order_id);

-- A PAK's pending Smart License Sharing Request is looked up on every new request for it.
CREATE INDEX smart_account_requests_by_pak ON smart_account_requests(pak);
