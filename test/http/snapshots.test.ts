import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/storage/migrate.js';
import { buildTestApp, type ErrorBody, type TestApp } from '../helpers/build.js';
import { TRAINING } from '../helpers/scenarios.js';

type Created = { id: string; adminToken: string; users: Array<{ ccoId: string; token: string }> };

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const tokenOf = (c: Created, ccoId = 'jdoe') => c.users.find((u) => u.ccoId === ccoId)?.token as string;
const ids = async () =>
  (await t.call<{ sandboxes: Array<{ id: string }> }>('GET', '/__admin/sandboxes')).body.sandboxes.map(
    (s) => s.id,
  );

async function create(body: Record<string, unknown>): Promise<Created> {
  const r = await t.call<Created>('POST', '/__admin/sandboxes', { body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function exportSnapshot(id: string): Promise<Buffer> {
  const r = await t.app.inject({ method: 'GET', url: `/__admin/sandboxes/${id}/snapshot` });
  expect(r.statusCode).toBe(200);
  return r.rawPayload;
}

async function importSnapshot(body: Buffer | string, query = '') {
  const r = await t.app.inject({
    method: 'POST',
    url: `/__admin/sandboxes/import${query}`,
    headers: { 'content-type': 'application/vnd.sqlite3' },
    payload: body,
  });
  return { status: r.statusCode, body: JSON.parse(r.body) as Created & ErrorBody };
}

/** Everything a portal user and the mailbox show, as JSON: equal views mean the sandboxes answer alike. */
async function view(sandbox: string, token: string) {
  const get = async (url: string, auth = true) => (await t.call('GET', url, auth ? { token } : {})).body;
  const tx = (await get('/api/v1/transactions')) as {
    transactions: Array<{ id: string; serials: string[] }>;
  };
  const mail = (await get(`/__admin/sandboxes/${sandbox}/mail`, false)) as {
    messages: Array<{ id: string }>;
  };
  return {
    paks: await get('/api/v1/paks?ids=ACTIVEPLS01,PERPETUAL01'),
    transactions: tx,
    details: await Promise.all(tx.transactions.map((x) => get(`/api/v1/transactions/${x.id}`))),
    devices: await Promise.all(
      [...new Set(tx.transactions.flatMap((x) => x.serials))].map((s) => get(`/api/v1/devices/${s}`)),
    ),
    mail,
    messages: await Promise.all(
      mail.messages.map((m) => get(`/__admin/sandboxes/${sandbox}/mail/${m.id}`, false)),
    ),
    clock: await get(`/__admin/sandboxes/${sandbox}/clock`, false),
  };
}

describe('Snapshot: export a sandbox as a SQLite file, import it as a new sandbox', () => {
  it('exports a SQLite 3 database with a file name', async () => {
    await create({ id: 'snap-src', scenarioDocument: TRAINING });
    const r = await t.app.inject({ method: 'GET', url: '/__admin/sandboxes/snap-src/snapshot' });
    expect(r.headers['content-type']).toBe('application/vnd.sqlite3');
    expect(r.headers['content-disposition']).toBe('attachment; filename="snap-src.sqlite3"');
    expect(r.rawPayload.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  });

  it('the imported sandbox answers identically: PAKs, transactions, devices, mail, clock and due work; only tokens are new', async () => {
    const src = await create({ id: 'snap-a', scenarioDocument: TRAINING, settings: { mailDelay: '30m' } });
    const reg = await t.call('POST', '/api/v1/registrations', {
      token: tokenOf(src),
      body: {
        paks: 'PERPETUAL01',
        devices: ['JAD222605K9'],
        lines: [{ sku: 'L-AC-PLS-P-G', quantity: 1 }],
        agreeToTerms: true,
      },
    });
    expect(reg.status).toBe(201);

    const copy = await importSnapshot(await exportSnapshot('snap-a'), '?id=snap-b');
    expect(copy.status).toBe(201);
    expect(copy.body.id).toBe('snap-b');
    expect(copy.body.adminToken).not.toBe(src.adminToken);
    for (const u of copy.body.users) expect(u.token).not.toBe(tokenOf(src, u.ccoId));
    expect(await view('snap-b', tokenOf(copy.body))).toEqual(await view('snap-a', tokenOf(src)));

    for (const id of ['snap-a', 'snap-b'])
      await t.call('POST', `/__admin/sandboxes/${id}/clock`, { body: { action: 'advance', by: '30m' } });
    const after = await view('snap-b', tokenOf(copy.body));
    expect(after.transactions).toMatchObject({
      transactions: [{ status: 'completed' }, { status: 'completed' }],
    });
    expect(after).toEqual(await view('snap-a', tokenOf(src)));
  });

  it("the source's tokens keep leading to the source only", async () => {
    const src = await create({ id: 'snap-c', scenarioDocument: TRAINING });
    const copy = await importSnapshot(await exportSnapshot('snap-c'), '?id=snap-d');
    await t.call('POST', '/api/v1/registrations', {
      token: tokenOf(src),
      body: {
        paks: 'PERPETUAL01',
        devices: ['JAD222605K9'],
        lines: [{ sku: 'L-AC-PLS-P-G', quantity: 1 }],
        agreeToTerms: true,
      },
    });
    const inCopy = await t.call<{ total: number }>('GET', '/api/v1/transactions', {
      token: tokenOf(copy.body),
    });
    expect(inCopy.body.total).toBe(1);
  });

  it('without ?id= the new sandbox gets a generated ID', async () => {
    const copy = await importSnapshot(await exportSnapshot('snap-src'));
    expect(copy.status).toBe(201);
    expect(copy.body.id).toMatch(/^sbx-[0-9a-z]{10}$/);
  });
});

describe('Import refuses what is not a sandbox database of a known schema, and changes nothing', () => {
  const latest = loadMigrations('sandbox').length;
  const edited = async (edit: (db: Database.Database) => void) => {
    const db = new Database(await exportSnapshot('snap-src'));
    edit(db);
    const out = db.serialize();
    db.close();
    return out;
  };

  it.each([
    [
      'text',
      async () => 'not a database',
      400,
      'SNAPSHOT_NOT_SQLITE',
      'The request body is not a SQLite database; send a file saved from GET /__admin/sandboxes/{id}/snapshot',
    ],
    [
      'a truncated file',
      async () => (await exportSnapshot('snap-src')).subarray(0, 8192),
      400,
      'SNAPSHOT_CORRUPT',
      'The SQLite database is damaged or truncated: database disk image is malformed',
    ],
    [
      'some other SQLite database',
      async () => {
        const db = new Database(':memory:');
        db.exec('CREATE TABLE notes (body TEXT)');
        const out = db.serialize();
        db.close();
        return out;
      },
      422,
      'SNAPSHOT_UNKNOWN_SCHEMA',
      'The SQLite database is not a license-portal-sim sandbox: it has no schema version',
    ],
    [
      'a sandbox with a table missing',
      () => edited((db) => db.exec('DROP TABLE jobs')),
      422,
      'SNAPSHOT_UNKNOWN_SCHEMA',
      `The SQLite database is not a license-portal-sim sandbox: its tables differ from sandbox schema version ${latest}`,
    ],
    [
      'a sandbox from newer code',
      () => edited((db) => db.pragma(`user_version = ${latest + 1}`)),
      422,
      'SNAPSHOT_TOO_NEW',
      `The snapshot is at sandbox schema version ${latest + 1}, newer than this server knows (${latest}); import it into a newer license-portal-sim`,
    ],
    [
      'a sandbox without its settings',
      () => edited((db) => db.exec("DELETE FROM settings WHERE key = 'secret'")),
      422,
      'SNAPSHOT_UNKNOWN_SCHEMA',
      'The SQLite database is not a license-portal-sim sandbox: its settings lack secret',
    ],
  ])('%s', async (_label, body, status, code, message) => {
    const before = await ids();
    const r = await importSnapshot(await body(), '?id=refused');
    expect(r.status).toBe(status);
    expect(r.body.error).toMatchObject({ code, message });
    expect(await ids()).toEqual(before);
  });

  it('an ID already taken: 409, nothing changed', async () => {
    const before = await ids();
    const r = await importSnapshot(await exportSnapshot('snap-src'), '?id=snap-src');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('SANDBOX_EXISTS');
    expect(await ids()).toEqual(before);
  });
});

describe('Clone: a copy of a sandbox as it stands, which then goes its own way', () => {
  it('answers identically at first, then the two diverge independently', async () => {
    const src = await create({ id: 'clone-src', scenarioDocument: TRAINING });
    const r = await t.call<Created>('POST', '/__admin/sandboxes/clone-src/clone', {
      body: { id: 'clone-dst' },
    });
    expect(r.status).toBe(201);
    const dst = r.body;
    expect(await view('clone-dst', tokenOf(dst))).toEqual(await view('clone-src', tokenOf(src)));

    const register = (token: string, serial: string) =>
      t.call('POST', '/api/v1/registrations', {
        token,
        body: {
          paks: 'PERPETUAL01',
          devices: [serial],
          lines: [{ sku: 'L-AC-PLS-P-G', quantity: 1 }],
          agreeToTerms: true,
        },
      });
    expect((await register(tokenOf(src), 'JAD000000S1')).status).toBe(201);
    expect((await register(tokenOf(dst), 'JAD000000D1')).status).toBe(201);
    expect((await register(tokenOf(dst), 'JAD000000D2')).status).toBe(201);
    await t.call('POST', '/__admin/sandboxes/clone-dst/clock', { body: { action: 'advance', by: '1d' } });

    const assigned = async (token: string) =>
      (
        await t.call<{ paks: Array<{ lines: Array<{ quantityAssigned: number }> }> }>(
          'GET',
          '/api/v1/paks?ids=PERPETUAL01',
          { token },
        )
      ).body.paks[0]?.lines[0]?.quantityAssigned;
    expect(await assigned(tokenOf(src))).toBe(1);
    expect(await assigned(tokenOf(dst))).toBe(2);
    expect((await t.call('GET', '/api/v1/devices/JAD000000D1', { token: tokenOf(src) })).status).toBe(404);
    expect((await t.call<{ now: string }>('GET', '/__admin/sandboxes/clone-src/clock')).body.now).toBe(
      '2026-03-02T09:00:00.000Z',
    );
  });

  it('two sandboxes created from one cached scenario image diverge too, with their own tokens and secrets', async () => {
    const body = { scenario: 'demo', frozen: true, startTime: '2026-03-02T09:00:00Z' };
    const a = await create({ id: 'tpl-a', ...body });
    const b = await create({ id: 'tpl-b', ...body });
    expect(tokenOf(a)).not.toBe(tokenOf(b));
    const reg = (token: string) =>
      t.call<{ licenses: unknown[] }>('POST', '/api/v1/registrations', {
        token,
        body: {
          paks: 'DEMOPLSPERP',
          devices: ['JAD222605K8'],
          lines: [{ sku: 'L-AC-PLS-P-G', quantity: 1 }],
          agreeToTerms: true,
        },
      });
    expect((await reg(tokenOf(a))).status).toBe(201);
    expect((await t.call('GET', '/api/v1/devices/JAD222605K8', { token: tokenOf(b) })).status).toBe(404);
    expect((await reg(tokenOf(b))).status).toBe(201);
    const key = async (token: string) =>
      (await t.call<{ activationKey: string }>('GET', '/api/v1/devices/JAD222605K8', { token })).body
        .activationKey;
    expect(await key(tokenOf(a))).not.toBe(await key(tokenOf(b)));
  });

  it('an unknown source is 404; a taken ID 409; without a body the clone gets a generated ID', async () => {
    expect(
      (await t.call<ErrorBody>('POST', '/__admin/sandboxes/nope/clone', { body: {} })).body.error.code,
    ).toBe('SANDBOX_NOT_FOUND');
    const before = await ids();
    const taken = await t.call<ErrorBody>('POST', '/__admin/sandboxes/snap-src/clone', {
      body: { id: 'snap-src' },
    });
    expect(taken.status).toBe(409);
    expect(await ids()).toEqual(before);
    const r = await t.call<Created>('POST', '/__admin/sandboxes/snap-src/clone');
    expect(r.status).toBe(201);
    expect(r.body.id).toMatch(/^sbx-[0-9a-z]{10}$/);
  });
});
