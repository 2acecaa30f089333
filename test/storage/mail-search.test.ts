/**
 * The mailbox search's trigram indexes (issue 18) only narrow the candidates: whatever they hold, a
 * search answers what the scan before them answered.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MailSearchIndex, matchOf, trigramsOf } from '../../src/storage/mail-search.js';
import type { MailRow, MailSearch } from '../../src/storage/mail.js';
import { SandboxDatabases } from '../../src/storage/sandbox-databases.js';
import type { SandboxStore } from '../../src/storage/sandbox-store.js';

const newStore = (name: string) => new SandboxDatabases({ dataDir: ':memory:', cacheSize: 1 }).create(name);

let serial = 0;
function mail(
  store: SandboxStore,
  subject: string,
  text: string,
  status: MailRow['status'] = 'delivered',
): string {
  const id = `m${++serial}`;
  store.mail.insert({
    id,
    messageId: `<${id}@test>`,
    transactionId: null,
    template: 'activation-key',
    from: 'licensing@cisco.com',
    to: ['jdoe@example.com'],
    subject,
    text,
    html: '',
    createdMs: serial,
    deliverMs: serial,
    status,
    folder: 'inbox',
  });
  return id;
}

const search = (s: Partial<MailSearch>): MailSearch => ({
  folder: null,
  to: null,
  subject: null,
  text: null,
  sinceMs: null,
  ...s,
});

const indexed = (store: SandboxStore) =>
  store.db.prepare('SELECT count(*) FROM mail_text_index').pluck().get() as number;

/** The search before the indexes, for delivered mail: ASCII case folded, substring. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const contains = (haystack: string, needle: string | null) =>
  needle === null || asciiLower(haystack).includes(asciiLower(needle));

describe('A mailbox search by subject or text answers what a scan answers, indexed or not', () => {
  it('mail is not indexed as it arrives, only when a search by text needs it', () => {
    const store = newStore('lazy');
    for (let i = 0; i < 5; i++) mail(store, `Activation key ${i}`, `Serial #: JMX${i}000ABCD`);
    expect(indexed(store)).toBe(0);
    store.mail.search(search({ to: 'jdoe@example.com' }));
    expect(indexed(store)).toBe(0);
    expect(store.mail.search(search({ text: 'jmx3000' })).map((m) => m.subject)).toEqual([
      'Activation key 3',
    ]);
    expect(indexed(store)).toBe(5);
  });

  it('mail that came after the last search is found before it is indexed (budget 0)', () => {
    const store = newStore('tail');
    mail(store, 'first', 'Serial #: AAA111');
    store.mail.search(search({ text: 'serial' }));
    mail(store, 'second', 'Serial #: BBB222');
    expect(store.mail.search(search({ text: 'BBB222' }), 0).map((m) => m.subject)).toEqual(['second']);
    expect(store.mail.search(search({ text: 'serial #' }), 0).map((m) => m.subject)).toEqual([
      'second',
      'first',
    ]);
  });

  it('deleting the newest indexed mail lets new mail take its rowid and still be found', () => {
    const store = newStore('reuse');
    mail(store, 'old', 'Serial #: OLD0001');
    const newest = mail(store, 'gone', 'Serial #: GONE002');
    store.mail.search(search({ text: 'serial' }));
    expect(indexed(store)).toBe(2);
    expect(store.mail.delete(newest)).toBe(true);
    mail(store, 'new', 'Serial #: NEW0003');
    expect(store.mail.search(search({ text: 'NEW0003' }), 0).map((m) => m.subject)).toEqual(['new']);
    expect(store.mail.search(search({ text: 'GONE002' })).map((m) => m.subject)).toEqual([]);
  });

  it('a query of one or two characters, which no trigram answers, scans', () => {
    expect(trigramsOf('ab')).toEqual([]);
    expect(trigramsOf('abcab')).toEqual(['abc', 'bca', 'cab']);
    expect(matchOf(trigramsOf('a"bc'))).toBe('"a""b" AND """bc"');
    const store = newStore('short');
    mail(store, 'Key', 'x');
    mail(store, 'Hey', 'y');
    expect(store.mail.search(search({ subject: 'ey' })).map((m) => m.subject)).toEqual(['Hey', 'Key']);
    expect(indexed(store)).toBe(0);
  });

  it('delete by search removes what the search finds, index rows included', () => {
    const store = newStore('delete');
    mail(store, 'a', 'Serial #: KEEP001');
    mail(store, 'b', 'Serial #: DROP002');
    mail(store, 'c', 'Serial #: DROP003');
    expect(store.write(() => store.mail.deleteMatching(search({ text: 'drop0' })))).toBe(2);
    expect(indexed(store)).toBe(1);
    expect(store.mail.search(search({ text: 'serial' })).map((m) => m.subject)).toEqual(['a']);
  });

  it("the index is asked only for the query's trigrams that are rare in the latest mail", () => {
    const store = newStore('rare');
    for (let i = 0; i < 40; i++) mail(store, 'key', `Thank you for registering. Serial #: JMX${1000 + i}`);
    const index = new MailSearchIndex(store.db, (fn) => store.writeKeepingCache(fn));
    expect(index.match('text', 'Serial #: JMX1017')).toBe('"017"');
    // All boilerplate: the rarest alone (the answer is every message anyway).
    expect(index.match('text', 'registering')).toBe('"reg"');
    expect(store.mail.search(search({ text: 'serial #: jmx1017' })).map((m) => m.text)).toEqual([
      'Thank you for registering. Serial #: JMX1017',
    ]);
  });

  const alphabet = fc.constantFrom('a', 'A', 'b', 'B', 'é', 'É', ' ', '"', '*', 'ß', '1');
  const word = fc.string({ unit: alphabet, minLength: 0, maxLength: 8 });
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('mail' as const),
      subject: word,
      text: fc.string({ unit: alphabet, maxLength: 20 }),
      queued: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('search' as const),
      subject: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: word, weight: 1 }),
      text: fc.option(word, { nil: null }),
      // Most searches look for a piece of a message's text (case flipped), so that they find something.
      piece: fc.option(
        fc.record({ pick: fc.nat(), start: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
        { nil: null },
      ),
      budgetMs: fc.constantFrom(0, 50),
      remove: fc.boolean(),
    }),
  );

  it('random mail, deletes and searches (any case, accents, quotes, short queries, partly indexed) agree with the scan', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const store = newStore('model');
        const model: Array<{ id: string; subject: string; text: string; queued: boolean }> = [];
        for (const s of steps) {
          if (s.kind === 'mail') {
            const id = mail(store, s.subject, s.text, s.queued ? 'queued' : 'delivered');
            model.push({ id, subject: s.subject, text: s.text, queued: s.queued });
          } else if (s.kind === 'delete') {
            const delivered = model.filter((m) => !m.queued);
            const victim = delivered[s.pick % Math.max(1, delivered.length)];
            if (victim) {
              expect(store.mail.delete(victim.id)).toBe(true);
              model.splice(model.indexOf(victim), 1);
            }
          } else {
            const source = s.piece && model[s.piece.pick % Math.max(1, model.length)];
            const text =
              s.piece && source
                ? [...source.text]
                    .slice(s.piece.start % Math.max(1, source.text.length))
                    .slice(0, s.piece.length)
                    .map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))
                    .join('')
                : s.text;
            const q = search({ subject: s.subject || null, text: text || null });
            const expected = model
              .filter((m) => !m.queued && contains(m.subject, q.subject) && contains(m.text, q.text))
              .map((m) => m.id)
              .reverse();
            if (s.remove) {
              expect(store.write(() => store.mail.deleteMatching(q, s.budgetMs))).toBe(expected.length);
              for (const id of expected)
                model.splice(
                  model.findIndex((m) => m.id === id),
                  1,
                );
            } else {
              expect(store.mail.search(q, s.budgetMs).map((m) => m.id)).toEqual(expected);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
