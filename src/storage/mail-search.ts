import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

/**
 * The mailbox's trigram indexes (migration 009), brought up to date by the searches that use them.
 *
 * A search by subject or text of three characters or more first indexes the mail that arrived since the
 * last one, for at most `budgetMs`, then takes as candidates the indexed rows holding the query's rare
 * trigrams plus every row above the watermark (not indexed yet, scanned as before). The caller's own
 * conditions still decide which candidates match, so results are the scan's, whatever the index holds.
 */
export class MailSearchIndex {
  private readonly s;

  /** `write`: the store's writeKeepingCache (no kept value is read from the indexes). */
  constructor(
    db: Db,
    private readonly write: <T>(fn: () => T) => T,
  ) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      watermark: p('SELECT coalesce(max(rowid), 0) FROM mail_text_index').pluck(),
      indexSubjects: p(
        'INSERT INTO mail_subject_index (rowid, subject) SELECT rowid, subject FROM mail WHERE rowid > ? ORDER BY rowid LIMIT ?',
      ),
      indexTexts: p(
        'INSERT INTO mail_text_index (rowid, text) SELECT rowid, text FROM mail WHERE rowid > ? ORDER BY rowid LIMIT ?',
      ),
      latestSubjects: p(`SELECT subject FROM mail ORDER BY rowid DESC LIMIT ${SAMPLE}`).pluck(),
      latestTexts: p(`SELECT text FROM mail ORDER BY rowid DESC LIMIT ${SAMPLE}`).pluck(),
    };
  }

  /**
   * The MATCH expression for a query on a column: the query's trigrams that are rare in the latest
   * mail, rarest first. A trigram of the templates' boilerplate ("ing", "you") is in nearly every
   * message and would make the index read a row list as long as the mailbox; when every trigram is
   * that common, the rarest one alone. Leaving trigrams out only widens the candidates.
   */
  match(column: IndexedColumn, query: string): string {
    const latest = (column === 'text' ? this.s.latestTexts : this.s.latestSubjects).all() as string[];
    const sample = latest.map((v) => v.toLowerCase());
    const ranked = trigramsOf(query)
      .map((t) => ({ t, seen: sample.filter((v) => v.includes(t.toLowerCase())).length }))
      .sort((a, b) => a.seen - b.seen);
    const rare = ranked.filter((r) => r.seen <= sample.length * COMMON).slice(0, MAX_TRIGRAMS);
    return matchOf((rare.length > 0 ? rare : ranked.slice(0, 1)).map((r) => r.t));
  }

  /**
   * Indexes mail above the watermark, CHUNK rows per transaction, until none is left or budgetMs has
   * passed (0: nothing); real time, since it bounds one request's work, not sandbox time. Returns the
   * watermark.
   */
  catchUp(budgetMs: number): number {
    const started = performance.now();
    const chunk = () =>
      this.write(() => {
        const from = this.s.watermark.get() as number;
        this.s.indexSubjects.run(from, CHUNK);
        return this.s.indexTexts.run(from, CHUNK).changes;
      });
    while (performance.now() - started < budgetMs && chunk() === CHUNK);
    return this.s.watermark.get() as number;
  }
}

/** Rows indexed per transaction: about 30 ms of work, so a budget is overrun by at most that. */
const CHUNK = 200;

/** The mail columns with a trigram index: mail_subject_index and mail_text_index. */
export type IndexedColumn = 'subject' | 'text';

/** Which column's index narrows a search (text when long enough, else subject); null for neither. */
export function indexedColumn(
  subject: string | null,
  text: string | null,
): { column: IndexedColumn; query: string } | null {
  if (text !== null && trigramsOf(text).length > 0) return { column: 'text', query: text };
  if (subject !== null && trigramsOf(subject).length > 0) return { column: 'subject', query: subject };
  return null;
}

/** Most trigrams a MATCH expression takes: each costs reading its list of rows. */
const MAX_TRIGRAMS = 8;
/** Mail looked at to tell boilerplate trigrams (in more than a quarter of it) from rare ones. */
const SAMPLE = 32;
const COMMON = 0.25;

/**
 * The distinct trigrams of a query, by code point as the trigram tokenizer cuts them; none below three
 * characters, which no trigram index can answer.
 */
export function trigramsOf(query: string): string[] {
  const chars = Array.from(query);
  return [...new Set(chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join('')))];
}

/** Trigrams as an FTS5 MATCH expression: each a quoted string, all required. */
export const matchOf = (trigrams: readonly string[]) =>
  trigrams.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
