import { LazyStatement } from './lazy-statement.js';
import { indexedColumn, MailSearchIndex } from './mail-search.js';
import type { Db } from './open.js';

export interface MailRow {
  id: string;
  messageId: string;
  transactionId: string | null;
  template: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  createdMs: number;
  deliverMs: number;
  status: 'queued' | 'delivered';
  folder: MailFolder;
  relayStatus: RelayStatus | null;
  relayAttempts: number;
  relayError: string | null;
}

export type MailFolder = 'inbox' | 'spam';
export type RelayStatus = 'pending' | 'sent' | 'failed';

/** A mailbox search; every null field matches everything. Text comparisons ignore ASCII case. */
export interface MailSearch {
  folder: MailFolder | null;
  to: string | null;
  subject: string | null;
  text: string | null;
  sinceMs: number | null;
}

export interface AttachmentRow {
  id: number;
  mailId: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface AttachmentInput {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

const MAIL_COLUMNS = `id, message_id AS messageId, transaction_id AS transactionId, template, from_addr AS "from",
  to_addrs AS "to", subject, text, html, created_ms AS createdMs, deliver_ms AS deliverMs, status, folder,
  relay_status AS relayStatus, relay_attempts AS relayAttempts, relay_error AS relayError`;

/**
 * Delivered mail matching a MailSearch (named parameters). `+` before a column keeps SQLite from
 * reaching for that column's index: an indexed search must start from its few candidates' rowids.
 */
const mailMatch = (p: '' | '+') => `${p}status = 'delivered'
  AND (@folder IS NULL OR ${p}folder = @folder)
  AND (@sinceMs IS NULL OR ${p}deliver_ms >= @sinceMs)
  AND (@subject IS NULL OR instr(lower(subject), lower(@subject)) > 0)
  AND (@text IS NULL OR instr(lower(text), lower(@text)) > 0)
  AND (@to IS NULL OR EXISTS (SELECT 1 FROM json_each(mail.to_addrs) WHERE lower(value) = lower(@to)))`;
const MAIL_MATCH = mailMatch('');

/**
 * An indexed search: its candidates are the index's rows holding the query's rare trigrams and the
 * rows not indexed yet; each candidate is then matched as by a scan.
 */
const INDEXED_MATCH = (index: string) =>
  `rowid IN (SELECT rowid FROM ${index} WHERE ${index} MATCH @match UNION ALL SELECT rowid FROM mail WHERE rowid > @watermark)
  AND ${mailMatch('+')}`;

/** How long a search may spend indexing mail that arrived since the last one (see mail-search.ts). */
export const SEARCH_INDEX_BUDGET_MS = 50;

const parseMail = (r: MailRow & { to: string }): MailRow => ({ ...r, to: JSON.parse(r.to) as string[] });

/** The sandbox's mailbox: queued and delivered mail, attachments, and relay status to a real SMTP server. */
export class MailRepository {
  private readonly s;
  private readonly index: MailSearchIndex;

  /** `write`: how the search indexes are written (the store's writeKeepingCache). */
  constructor(db: Db, write: <T>(fn: () => T) => T) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.index = new MailSearchIndex(db, write);
    const ORDER = 'ORDER BY deliver_ms DESC, rowid DESC';
    this.s = {
      insertMail: p(
        `INSERT INTO mail (id, message_id, transaction_id, template, from_addr, to_addrs, subject, text, html, created_ms, deliver_ms, status, folder)
         VALUES (@id, @messageId, @transactionId, @template, @from, @to, @subject, @text, @html, @createdMs, @deliverMs, @status, @folder)`,
      ),
      insertAttachment: p(
        'INSERT INTO mail_attachments (mail_id, filename, content_type, content) VALUES (?, ?, ?, ?)',
      ),
      getMail: p(`SELECT ${MAIL_COLUMNS} FROM mail WHERE id = ?`),
      deliverMail: p("UPDATE mail SET status = 'delivered' WHERE id = ? AND status = 'queued'"),
      pendingMailOfTransaction: p(
        "SELECT count(*) FROM mail WHERE transaction_id = ? AND status = 'queued'",
      ).pluck(),
      attachmentsOf: p(
        'SELECT id, mail_id AS mailId, filename, content_type AS contentType, length(content) AS size FROM mail_attachments WHERE mail_id = ? ORDER BY id',
      ),
      attachmentContent: p('SELECT content FROM mail_attachments WHERE mail_id = ? AND filename = ?').pluck(),
      searchMail: p(`SELECT ${MAIL_COLUMNS} FROM mail WHERE ${MAIL_MATCH} ${ORDER}`),
      deleteMailMatching: p(`DELETE FROM mail WHERE ${MAIL_MATCH}`),
      searchByText: p(`SELECT ${MAIL_COLUMNS} FROM mail WHERE ${INDEXED_MATCH('mail_text_index')} ${ORDER}`),
      searchBySubject: p(
        `SELECT ${MAIL_COLUMNS} FROM mail WHERE ${INDEXED_MATCH('mail_subject_index')} ${ORDER}`,
      ),
      deleteByText: p(`DELETE FROM mail WHERE ${INDEXED_MATCH('mail_text_index')}`),
      deleteBySubject: p(`DELETE FROM mail WHERE ${INDEXED_MATCH('mail_subject_index')}`),
      deleteMail: p("DELETE FROM mail WHERE id = ? AND status = 'delivered'"),
      attachment: p(
        `SELECT filename, content_type AS contentType, content FROM mail_attachments
         WHERE mail_id = ? AND filename = ? ORDER BY id LIMIT 1`,
      ),
      attachmentContents: p(
        'SELECT filename, content_type AS contentType, content FROM mail_attachments WHERE mail_id = ? ORDER BY id',
      ),
      updateRelay: p('UPDATE mail SET relay_status = ?, relay_attempts = ?, relay_error = ? WHERE id = ?'),
    };
  }

  insert(
    m: Omit<MailRow, 'relayStatus' | 'relayAttempts' | 'relayError'>,
    attachments: readonly AttachmentInput[] = [],
  ): void {
    this.s.insertMail.run({ ...m, to: JSON.stringify(m.to) });
    for (const a of attachments)
      this.s.insertAttachment.run(m.id, a.filename, a.contentType, Buffer.from(a.content));
  }

  get(id: string): MailRow | undefined {
    const r = this.s.getMail.get(id) as (MailRow & { to: string }) | undefined;
    return r && parseMail(r);
  }

  deliver(id: string): boolean {
    return this.s.deliverMail.run(id).changes === 1;
  }

  pendingOfTransaction(transactionId: string): number {
    return this.s.pendingMailOfTransaction.get(transactionId) as number;
  }

  /**
   * Delivered mail matching the search, newest first. A subject or text of three characters or more
   * goes through the trigram indexes, first brought up to date for at most budgetMs.
   */
  search(search: MailSearch, budgetMs = SEARCH_INDEX_BUDGET_MS): MailRow[] {
    const indexed = indexedColumn(search.subject, search.text);
    const rows = indexed
      ? (indexed.column === 'text' ? this.s.searchByText : this.s.searchBySubject).all(
          this.indexed(search, indexed, budgetMs),
        )
      : this.s.searchMail.all(search);
    return (rows as Array<MailRow & { to: string }>).map(parseMail);
  }

  /** Deletes delivered mail matching the search (attachments go with it); returns how many. */
  deleteMatching(search: MailSearch, budgetMs = SEARCH_INDEX_BUDGET_MS): number {
    const indexed = indexedColumn(search.subject, search.text);
    if (!indexed) return this.s.deleteMailMatching.run(search).changes;
    const statement = indexed.column === 'text' ? this.s.deleteByText : this.s.deleteBySubject;
    return statement.run(this.indexed(search, indexed, budgetMs)).changes;
  }

  /** An indexed search's parameters, once the index has caught up for at most budgetMs. */
  private indexed(search: MailSearch, on: NonNullable<ReturnType<typeof indexedColumn>>, budgetMs: number) {
    const watermark = this.index.catchUp(budgetMs);
    return { ...search, match: this.index.match(on.column, on.query), watermark };
  }

  delete(id: string): boolean {
    return this.s.deleteMail.run(id).changes === 1;
  }

  attachments(mailId: string): AttachmentRow[] {
    return this.s.attachmentsOf.all(mailId) as AttachmentRow[];
  }

  attachmentContent(mailId: string, filename: string): Buffer | undefined {
    return this.s.attachmentContent.get(mailId, filename) as Buffer | undefined;
  }

  attachment(mailId: string, filename: string): AttachmentInput | undefined {
    const r = this.s.attachment.get(mailId, filename) as AttachmentInput | undefined;
    return r && { ...r, content: new Uint8Array(r.content) };
  }

  attachmentContents(mailId: string): AttachmentInput[] {
    return (this.s.attachmentContents.all(mailId) as AttachmentInput[]).map((r) => ({
      ...r,
      content: new Uint8Array(r.content),
    }));
  }

  updateRelay(mailId: string, status: RelayStatus, attempts: number, error: string | null): boolean {
    return this.s.updateRelay.run(status, attempts, error, mailId).changes === 1;
  }
}
