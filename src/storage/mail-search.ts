import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

/**
 * The mailbox's trigram indexes (migration 009), brought up to date by the searches that use them.
 *
 * A search by subject or text of three characters or more first indexes the mail that arrived since the
 * last one, for at most `budgetMs`, then takes as candidates the indexed rows holding every trigram of
 * the query plus every row above the watermark (not indexed yet, scanned as before). The caller's own
 * conditions still decide which candidates match, so results are the scan's, whatever the index holds.
 */
export class MailSearchIndex {
  private readonly s;

  constructor(private readonly db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      watermark: p('SELECT coalesce(max(rowid), 0) FROM mail_text_index').pluck(),
      indexSubjects: p(
        'INSERT INTO mail_subject_index (rowid, subject) SELECT rowid, subject FROM mail WHERE rowid > ? ORDER BY rowid LIMIT ?',
      ),
      indexTexts: p(
        'INSERT INTO mail_text_index (rowid, text) SELECT rowid, text FROM mail WHERE rowid > ? ORDER BY rowid LIMIT ?',
      ),
    };
  }

  /**
   * Indexes mail above the watermark, CHUNK rows per transaction, until none is left or budgetMs has
   * passed (0: none at all) (real time: it bounds the work of one request, not sandbox time). Returns the watermark.
   */
  catchUp(budgetMs: number): number {
    const started = performance.now();
    const chunk = this.db.transaction(() => {
      const from = this.s.watermark.get() as number;
      this.s.indexSubjects.run(from, CHUNK);
      return this.s.indexTexts.run(from, CHUNK).changes;
    });
    while (performance.now() - started < budgetMs && chunk.immediate() === CHUNK);
    return this.s.watermark.get() as number;
  }
}

/** Rows indexed per transaction: about 30 ms of work, so a budget is overrun by at most that. */
const CHUNK = 200;

/** Which index narrows a search, and its MATCH expression; null when no field is long enough. */
export function indexedCondition(
  subject: string | null,
  text: string | null,
): { index: 'mail_text_index' | 'mail_subject_index'; match: string } | null {
  const byText = text === null ? null : trigramMatch(text);
  if (byText) return { index: 'mail_text_index', match: byText };
  const bySubject = subject === null ? null : trigramMatch(subject);
  return bySubject ? { index: 'mail_subject_index', match: bySubject } : null;
}

/** Most trigrams a MATCH expression takes from a query: more narrow little and cost a doclist each. */
const MAX_TRIGRAMS = 12;

/**
 * Every distinct trigram of the query (by code point, as the trigram tokenizer cuts them), each a quoted
 * FTS5 string, joined by AND; null below three characters, which no trigram index can answer. A long
 * query keeps trigrams spread over its whole length. Any subset of them is necessary for a match.
 */
export function trigramMatch(query: string): string | null {
  const chars = Array.from(query);
  if (chars.length < 3) return null;
  const all = [...new Set(chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join('')))];
  const step = Math.max(1, all.length / MAX_TRIGRAMS);
  const picked = new Set<string>();
  for (let i = 0; i < all.length && picked.size < MAX_TRIGRAMS; i += step) picked.add(all[Math.floor(i)]!);
  picked.add(all[all.length - 1]!);
  return [...picked].map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}
