import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { RequestJournal, type JournalEntryInput } from '../../src/services/journal.js';
import { openDatabase } from '../../src/storage/open.js';

let dataDir: string;
let built: BuiltApp;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lps-journal-'));
  built = await buildApp({ dataDir, adminToken: null, seed: 'none' });
  await built.app.inject({
    method: 'POST',
    url: '/__admin/sandboxes',
    payload: { id: 'j', scenario: 'empty' },
  });
});
afterAll(async () => {
  await built.app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const entry = (requestId: string): JournalEntryInput => ({
  requestId,
  atMs: 0,
  method: 'GET',
  path: '/api/v1/transactions',
  operation: 'listTransactions',
  status: 200,
  durationMs: 1,
  ccoId: 'jdoe',
  errorCode: null,
  injected: false,
});

describe('Journal writes never wait for another process holding the write lock', () => {
  it('while another connection writes, entries wait in memory (at most journalSize); then they are written', async () => {
    const before = built.context.sandboxes.open('j');
    before.store.settings.put('settings', { ...before.settings(), journalSize: 3 });
    // A Sandbox reads its settings once (it lives for one request): the next request sees the change.
    const sandbox = built.context.sandboxes.open('j');
    const errors: unknown[] = [];
    const journal = new RequestJournal((err) => errors.push(err));

    const other = openDatabase(join(dataDir, 'sandboxes', 'j.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      for (const id of ['a', 'b', 'c', 'd']) journal.record(sandbox, entry(id));
      await nextTurn();
      await nextTurn();
      expect(sandbox.store.journal.count()).toBe(0);
    } finally {
      other.exec('COMMIT');
      other.close();
    }
    await expect.poll(() => sandbox.store.journal.count()).toBe(3);
    const ids = sandbox.store.journal.search({ status: null, statusClass: null, operation: null, limit: 10 });
    expect(ids.map((e) => e.requestId)).toEqual(['d', 'c', 'b']);
    expect(errors).toEqual([]);
    journal.close();
  });

  it('a read flushes what is buffered first; a clear drops it', async () => {
    const sandbox = built.context.sandboxes.open('j');
    const journal = new RequestJournal(() => undefined);
    sandbox.store.write(() => sandbox.store.journal.clear());
    journal.record(sandbox, entry('x'));
    journal.flush('j');
    expect(sandbox.store.journal.count()).toBe(1);
    journal.record(sandbox, entry('y'));
    journal.discard('j');
    await nextTurn();
    expect(sandbox.store.journal.count()).toBe(1);
    journal.close();
  });
});
