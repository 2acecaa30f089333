-- Costs that stay flat as a sandbox grows (issue 18): at 10^5 transactions a page of Transactions History
-- should cost what it does at 10^2. (A trigram index for the mailbox search was measured and left out:
-- it cost about 1 ms of CPU per email written, doubling a registration; see docs/performance.md.)

-- Transactions History, newest first with the ID as tie-break: in index order, so a page (by offset or
-- by cursor) reads only what it returns instead of sorting every transaction of the user.
CREATE INDEX transactions_by_user_page ON transactions(cco_id, created_ms, id);
DROP INDEX transactions_by_user;

-- Its total without counting: one row per user, kept by the store as it inserts a transaction (a trigger
-- would put the foreign-key checks of every table referencing transactions into the insert's plan).
-- Transactions are never deleted or moved to another user; a reset replaces the whole database.
CREATE TABLE transaction_counts (
  cco_id  TEXT PRIMARY KEY,
  n       INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO transaction_counts (cco_id, n) SELECT cco_id, count(*) FROM transactions GROUP BY cco_id;
