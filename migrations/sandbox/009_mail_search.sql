-- The mailbox search's indexes (issue 18): a search by subject or text stays as fast among 10^5
-- messages as among 10^2. Trigram indexes answer substring queries; contentless (the text stays only
-- in mail) and detail=none (which rows hold a trigram, not where) keep them to about two thirds of
-- the mail's size, and they only narrow the candidates: the search still checks each candidate's text.
--
-- Nothing writes them when mail arrives (about 150 us of CPU per email, 10% of a registration, paid by
-- every sandbox even if it never searches): the first search by subject or text indexes what has come
-- since, within a time budget, and scans the rest (src/storage/mail-search.ts). Rows are indexed in
-- rowid order, so the highest rowid in mail_text_index is the watermark; deleting mail deletes its rows
-- here, which keeps the watermark below every rowid SQLite can hand out again.
CREATE VIRTUAL TABLE mail_subject_index USING fts5(subject, content='', contentless_delete=1, tokenize='trigram', detail=none);
CREATE VIRTUAL TABLE mail_text_index USING fts5(text, content='', contentless_delete=1, tokenize='trigram', detail=none);

CREATE TRIGGER mail_search_forget AFTER DELETE ON mail BEGIN
  DELETE FROM mail_subject_index WHERE rowid = old.rowid;
  DELETE FROM mail_text_index WHERE rowid = old.rowid;
END;
