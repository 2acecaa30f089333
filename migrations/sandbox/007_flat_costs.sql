-- Costs that stay flat as a sandbox grows (issue 18): at 10^5 messages or transactions, a mailbox search
-- or a page of Transactions History should cost what it does at 10^2.

-- Mailbox search by subject or text is a case-insensitive substring match. A trigram index finds the
-- candidates of a search of 3 characters or more; the exact match still decides (see MAIL_MATCH), so
-- results are the same as a scan. External content: the text lives once, in mail.
CREATE VIRTUAL TABLE mail_search USING fts5(subject, text, content='mail', tokenize='trigram');
INSERT INTO mail_search(mail_search) VALUES ('rebuild');
CREATE TRIGGER mail_search_insert AFTER INSERT ON mail BEGIN
  INSERT INTO mail_search(rowid, subject, text) VALUES (new.rowid, new.subject, new.text);
END;
CREATE TRIGGER mail_search_delete AFTER DELETE ON mail BEGIN
  INSERT INTO mail_search(mail_search, rowid, subject, text) VALUES ('delete', old.rowid, old.subject, old.text);
END;
CREATE TRIGGER mail_search_update AFTER UPDATE OF subject, text ON mail BEGIN
  INSERT INTO mail_search(mail_search, rowid, subject, text) VALUES ('delete', old.rowid, old.subject, old.text);
  INSERT INTO mail_search(rowid, subject, text) VALUES (new.rowid, new.subject, new.text);
END;

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
