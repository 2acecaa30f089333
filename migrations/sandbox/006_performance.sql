-- Indexes the benchmark showed missing (issue 7): without them each lookup scanned a whole table.
-- A transaction's emails: Transactions History (every entry lists them) and delivering a queued email.
CREATE INDEX mail_by_transaction ON mail(transaction_id);
-- Who first registered a PAK (the Share License Process asks for every line on the source ASA).
CREATE INDEX registration_lines_by_line ON registration_lines(pak_line_id);
