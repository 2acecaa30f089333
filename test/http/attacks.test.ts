/**
 * The attacks of the security review, reproduced in-process through the HTTP surface: each describe is
 * one attack, and says what the server must answer instead of a bypass, a 5xx or foreign SQL running.
 * The process-level ones (crashes, SSH, file descriptors, disks) are in test/reliability/attacks-*.
 */
import { once } from 'node:events';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MailRepository } from '../../src/storage/mail.js';
import { buildTestApp, T0, type ErrorBody, type TestApp } from '../helpers/build.js';
import { importSnapshot, snapshotOf } from '../helpers/snapshots.js';

const ADMIN = 'attacks-admin-token-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ adminToken: ADMIN, extra: { trustProxy: true } });
});
afterAll(() => t.close());

type Created = { id: string; users: Array<{ ccoId: string; token: string }> };

async function sandbox(id: string): Promise<{ id: string; jdoe: string }> {
  const r = await t.call<Created>('POST', '/__admin/sandboxes', {
    token: ADMIN,
    body: { id, scenario: 'empty', frozen: true, startTime: new Date(T0).toISOString() },
  });
  expect(r.status, r.text).toBe(201);
  const u = await t.call<{ token: string }>('POST', `/__admin/sandboxes/${id}/users`, {
    token: ADMIN,
    body: { ccoId: 'jdoe', email: 'john.doe@example.com', name: 'John Doe' },
  });
  expect(u.status, u.text).toBe(201);
  return { id, jdoe: u.body.token };
}

const adminCall = <T = unknown>(method: string, url: string, body?: unknown) =>
  t.call<T>(method, url, { token: ADMIN, ...(body === undefined ? {} : { body }) });

async function withPak(id: string, pak: string) {
  const o = await t.call('POST', `/__admin/sandboxes/${id}/orders`, {
    token: ADMIN,
    body: { ccoId: 'jdoe', activationDelay: '0', lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, pak }] },
  });
  expect(o.status, o.text).toBe(201);
}

describe('Attack 1: the control-plane token cannot be bypassed by spelling the path differently', () => {
  const variants = [
    '/%5F_admin/sandboxes/default/users',
    '/_%5Fadmin/sandboxes/default/users',
    '/%5f%5fadmin/sandboxes/default/users',
    '/__admin/sandboxes/%64efault/users',
    '//__admin/sandboxes/default/users',
    '/__admin//sandboxes/default/users',
    '/./__admin/sandboxes/default/users',
    '/__admin/./sandboxes/default/users',
    '/x/../__admin/sandboxes/default/users',
    '/__ADMIN/sandboxes/default/users',
    '/__Admin/sandboxes/default/users',
  ];
  it.each(variants)('GET %s without a token answers 4xx and no user token', async (url) => {
    const r = await t.call('GET', url);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.text).not.toMatch(/lps_/);
  });

  it('a delete through an encoded path changes nothing', async () => {
    await sandbox('atk1-delete');
    const r = await t.call('DELETE', '/%5F_admin/sandboxes/atk1-delete');
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect((await adminCall('GET', '/__admin/sandboxes/atk1-delete')).status).toBe(200);
  });
});

describe('Attack 1: one canonical spelling per path, on every route of every face', () => {
  /** Other spellings of a path: its first letter percent-encoded, a slash doubled (inject itself resolves dot segments; a raw socket test below sends those). */
  const spellings = (path: string) => {
    const i = path.search(/[A-Za-z0-9_]/);
    const hex = (path.charCodeAt(i) as number).toString(16).toUpperCase();
    const last = path.lastIndexOf('/');
    return [`${path.slice(0, i)}%${hex}${path.slice(i + 1)}`, `${path.slice(0, last)}/${path.slice(last)}`];
  };
  const UI_PAGES = [
    '/portal/',
    '/portal/sign-in',
    '/portal/trainer',
    '/portal/licenses',
    '/portal/assets/portal.css',
  ];

  it('every operation of the OpenAPI document and every web portal page refuses the other spellings with 400 NON_CANONICAL_PATH', async () => {
    const doc = (await t.call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json'))
      .body;
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({
        method: method.toUpperCase(),
        path: path.replace(/\{\w+\}/g, 'x'),
      })),
    );
    routes.push(...UI_PAGES.map((path) => ({ method: 'GET', path })));
    expect(routes.length).toBeGreaterThan(60);
    const wrong: string[] = [];
    for (const route of routes) {
      for (const url of spellings(route.path)) {
        const r = await t.call(route.method, url, { token: ADMIN });
        if (r.status !== 400 || !r.text.includes('not in its canonical form'))
          wrong.push(`${route.method} ${url}: ${r.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('dot segments sent over a real socket (no client library resolving them) are refused too', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    for (const path of [
      '/./__admin/sandboxes/default/users',
      '/x/../__admin/sandboxes/default/users',
      '/api/v1/%2E/paks',
    ]) {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      let data = '';
      socket.on('data', (d: Buffer) => (data += d.toString()));
      socket.end(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      await once(socket, 'close');
      expect(data, path).toMatch(/^HTTP\/1.1 400/);
      expect(data, path).toContain('NON_CANONICAL_PATH');
    }
  });

  it('percent-encoded reserved characters are data, not a second spelling', async () => {
    expect((await adminCall('GET', '/__admin/sandboxes/no%20such')).status).toBe(404);
  });
});

describe('Attack 2: the request harness applies to the portal API whatever the spelling of its path', () => {
  it('one Idempotency-Key through /%61pi/v1/registrations three times makes one transaction, or is refused', async () => {
    const s = await sandbox('atk2-idem');
    await withPak(s.id, 'ATKIDEMPAK1');
    const body = {
      paks: 'ATKIDEMPAK1',
      lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 1 }],
      devices: ['JAD222605K8'],
      agreeToTerms: true,
    };
    for (const url of ['/%61pi/v1/registrations', '/api/v1/registrations', '/%61pi/v1/registrations']) {
      const r = await t.call('POST', url, { token: s.jdoe, body, headers: { 'idempotency-key': 'k-1' } });
      // Either refused before it reaches the route, or answered under the key.
      expect([201, 400]).toContain(r.status);
    }
    const tx = await t.call<{ total: number }>('GET', '/api/v1/transactions', { token: s.jdoe });
    expect(tx.body.total).toBe(1);
  });

  it('maintenance answers 503 on /api/v1/paks and never 200 on /%61pi/v1/paks', async () => {
    const s = await sandbox('atk2-maint');
    expect(
      (await adminCall('POST', `/__admin/sandboxes/${s.id}/faults`, { kind: 'maintenance' })).status,
    ).toBe(201);
    expect((await t.call('GET', '/api/v1/paks?ids=X', { token: s.jdoe })).status).toBe(503);
    const encoded = await t.call('GET', '/%61pi/v1/paks?ids=X', { token: s.jdoe });
    expect([400, 503]).toContain(encoded.status);
  });
});

/** A snapshot of a fresh sandbox, changed by `tamper` through SQLite itself. */
async function tamperedSnapshot(id: string, tamper: (db: Database.Database) => void): Promise<Buffer> {
  await sandbox(id);
  await withPak(id, 'ATKSNAPPAK1');
  const r = await t.app.inject({
    method: 'GET',
    url: `/__admin/sandboxes/${id}/snapshot`,
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  expect(r.statusCode).toBe(200);
  const dir = mkdtempSync(join(tmpdir(), 'lps-attack-'));
  try {
    const file = join(dir, 'snap.db');
    writeFileSync(file, r.rawPayload);
    const db = new Database(file);
    tamper(db);
    db.close();
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const importAs = async (body: Buffer, id: string) => {
  const r = await importSnapshot(t.app, id, body, ADMIN);
  return { status: r.statusCode, body: JSON.parse(r.body) as Created & ErrorBody };
};

describe('Attack 3: an imported snapshot runs no trigger, view or statement we did not write', () => {
  it('a trigger named sqliteXevil is refused as an unknown schema', async () => {
    const snap = await tamperedSnapshot('atk3-src', (db) =>
      db.exec(
        "CREATE TRIGGER sqliteXevil AFTER INSERT ON transactions BEGIN UPDATE users SET name = 'pwned'; END",
      ),
    );
    const r = await importAs(snap, 'atk3-trigger');
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('SNAPSHOT_UNKNOWN_SCHEMA');
    expect((await adminCall('GET', '/__admin/sandboxes/atk3-trigger')).status).toBe(404);
  });

  it('a view named sqlite1view is refused as an unknown schema', async () => {
    const snap = await tamperedSnapshot('atk3-src2', (db) => db.exec('CREATE VIEW sqlite1view AS SELECT 1'));
    const r = await importAs(snap, 'atk3-view');
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('SNAPSHOT_UNKNOWN_SCHEMA');
  });
});

describe('Attack 6: imported settings are validated like PATCH …/settings; a bad one installs nothing', () => {
  const cases: Array<[string, string, unknown, string]> = [
    ['a clock 1e300 ms away', 'clock', { frozen: true, offsetMs: 1e300 }, 'atk6-far'],
    ['a clock that is not a clock', 'clock', { frozen: 'yes' }, 'atk6-notclock'],
    ['journalSize 1e11', 'settings', 'journalSize', 'atk6-journal'],
    ['mailDelayMs -5', 'settings', 'mailDelayMs', 'atk6-maildelay'],
  ];
  it.each(cases)(
    '%s: 422 naming the setting, and the sandbox list still answers 200',
    async (_what, key, value, id) => {
      const snap = await tamperedSnapshot(`${id}-src`, (db) => {
        if (key === 'clock') {
          db.prepare("UPDATE settings SET value = ? WHERE key = 'clock'").run(JSON.stringify(value));
        } else {
          const settings = JSON.parse(
            (db.prepare("SELECT value FROM settings WHERE key = 'settings'").pluck().get() as string) ?? '{}',
          ) as Record<string, unknown>;
          settings[value as string] = value === 'journalSize' ? 1e11 : -5;
          db.prepare("UPDATE settings SET value = ? WHERE key = 'settings'").run(JSON.stringify(settings));
        }
      });
      const r = await importAs(snap, id);
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('SNAPSHOT_INVALID_SETTINGS');
      expect(r.body.error.message).toContain(key === 'clock' ? 'clock' : (value as string));
      expect((await adminCall('GET', `/__admin/sandboxes/${id}`)).status).toBe(404);
      expect((await adminCall('GET', '/__admin/sandboxes')).status).toBe(200);
      expect((await t.call('GET', '/portal/sign-in')).status).toBe(200);
    },
  );
});

describe('Attack 4: a request whose sandbox is reset, deleted or evicted under it never answers 5xx', () => {
  /** A registration whose body arrives `delayMs` after its headers. */
  const slowRegistration = (token: string, delayMs: number) => {
    const body = JSON.stringify({ paks: 'ATKSLOWPAK1', devices: ['JAD222605K8'], agreeToTerms: true });
    const payload = new Readable({ read() {} });
    setTimeout(() => {
      payload.push(body);
      payload.push(null);
    }, delayMs);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/registrations',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload,
    });
  };

  it.each(['reset', 'delete'])(
    '%s while the body is on its way: 4xx in the error shape, or success',
    async (action) => {
      const s = await sandbox(`atk4-${action}`);
      await withPak(s.id, 'ATKSLOWPAK1');
      const pending = slowRegistration(s.jdoe, 150);
      await sleep(30);
      const r =
        action === 'reset'
          ? await adminCall('POST', `/__admin/sandboxes/${s.id}/reset`)
          : await adminCall('DELETE', `/__admin/sandboxes/${s.id}`);
      expect(r.status).toBeLessThan(300);
      const answer = await pending;
      expect(answer.statusCode, answer.body).toBeLessThan(500);
      if (answer.statusCode >= 400) {
        expect([404, 410]).toContain(answer.statusCode);
        expect((JSON.parse(answer.body) as ErrorBody).error.code).toMatch(/^[A-Z_]+$/);
      }
    },
  );
});

describe('Attack 4: a request whose sandbox handle the cache drops under it still completes', () => {
  it('SANDBOX_CACHE_SIZE=2 and two other sandboxes touched while the body arrives: 201, the registration is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lps-atk4-evict-'));
    const files = await buildTestApp({ adminToken: ADMIN, dataDir: dir, extra: { sandboxCacheSize: 2 } });
    try {
      const as = (method: string, url: string, body?: unknown) =>
        files.call<Created & { token: string }>(method, url, {
          token: ADMIN,
          ...(body === undefined ? {} : { body }),
        });
      const tokens: Record<string, string> = {};
      for (const id of ['evict-a', 'evict-b', 'evict-c']) {
        expect((await as('POST', '/__admin/sandboxes', { id, scenario: 'empty', frozen: true })).status).toBe(
          201,
        );
        const u = await as('POST', `/__admin/sandboxes/${id}/users`, {
          ccoId: 'jdoe',
          email: 'john.doe@example.com',
          name: 'John Doe',
        });
        tokens[id] = u.body.token;
        await as('POST', `/__admin/sandboxes/${id}/orders`, {
          ccoId: 'jdoe',
          activationDelay: '0',
          lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, pak: 'ATKEVICTPAK' }],
        });
      }
      const payload = new Readable({ read() {} });
      const pending = files.app.inject({
        method: 'POST',
        url: '/api/v1/registrations',
        headers: { authorization: `Bearer ${tokens['evict-a']}`, 'content-type': 'application/json' },
        payload,
      });
      await sleep(30);
      for (const id of ['evict-b', 'evict-c'])
        expect((await files.call('GET', '/api/v1/paks?ids=ATKEVICTPAK', { token: tokens[id] })).status).toBe(
          200,
        );
      payload.push(JSON.stringify({ paks: 'ATKEVICTPAK', devices: ['JAD222605K8'], agreeToTerms: true }));
      payload.push(null);
      const answer = await pending;
      expect(answer.statusCode, answer.body).toBe(201);
      const history = await files.call<{ transactions: unknown[] }>('GET', '/api/v1/transactions', {
        token: tokens['evict-a'],
      });
      expect(history.body.transactions).toHaveLength(1);
    } finally {
      await files.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Attack 11: web portal sessions', () => {
  const signIn = async (token: string) => {
    const page = await t.app.inject({ method: 'GET', url: '/portal/sign-in' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    const cookies = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const r = await t.app.inject({
      method: 'POST',
      url: '/portal/sign-in',
      headers: {
        cookie: cookies,
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-proto': 'https',
      },
      payload: `_csrf=${encodeURIComponent(csrf)}&token=${encodeURIComponent(token)}`,
    });
    return { reply: r, cookies: [cookies, ...r.cookies.map((c) => `${c.name}=${c.value}`)].join('; ') };
  };

  it('the session cookie carries an opaque ID, not the API token, and sign-out revokes it', async () => {
    const s = await sandbox('atk11-session');
    const { reply, cookies } = await signIn(s.jdoe);
    expect(reply.statusCode).toBe(303);
    const session = reply.cookies.find((c) => c.name === 'lps_session');
    expect(session).toBeDefined();
    // Signed in over https (a trusted proxy said so): the cookie never travels in clear.
    expect(session?.secure).toBe(true);
    expect(decodeURIComponent(session?.value ?? '')).not.toContain(s.jdoe);
    const home = await t.app.inject({ method: 'GET', url: '/portal/', headers: { cookie: cookies } });
    expect(home.statusCode).toBe(200);
    const page = /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1] as string;
    const out = await t.app.inject({
      method: 'POST',
      url: '/portal/sign-out',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(page)}`,
    });
    expect(out.statusCode).toBe(303);
    // The old cookie, replayed after sign-out, opens nothing.
    const again = await t.app.inject({ method: 'GET', url: '/portal/', headers: { cookie: cookies } });
    expect(again.statusCode).toBe(303);
    // Back to sign-in (which says the session ended), never into the portal.
    expect(again.headers.location).toMatch(/^\/portal\/sign-in(\?ended=[\w-]+)?$/);
  });

  it('/docs cannot be framed', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(r.statusCode).toBeLessThan(400);
    expect(String(r.headers['x-frame-options'] ?? '')).toBe('DENY');
    expect(String(r.headers['content-security-policy'] ?? '')).toContain("frame-ancestors 'none'");
  });
});

describe('Attack 12: the sandbox list is paged', () => {
  type Page = { sandboxes: Array<{ id: string }>; next: string | null; total: number };

  it('GET /__admin/sandboxes answers at most `limit` sandboxes and where to go on; following next lists each once', async () => {
    for (const n of [1, 2, 3]) await sandbox(`atk12-page-${n}`);
    const r = await adminCall<Page>('GET', '/__admin/sandboxes?limit=2');
    expect(r.status).toBe(200);
    expect(r.body.sandboxes).toHaveLength(2);
    expect(r.body.next).toEqual(expect.any(String));
    const all = (await adminCall<Page>('GET', '/__admin/sandboxes?limit=1000')).body;
    expect(all.next).toBeNull();
    expect(all.sandboxes).toHaveLength(all.total);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = (
        await adminCall<Page>('GET', `/__admin/sandboxes?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).body;
      expect(page.sandboxes.length).toBeLessThanOrEqual(2);
      seen.push(...page.sandboxes.map((s) => s.id));
      cursor = page.next;
    } while (cursor !== null);
    expect(seen).toEqual(all.sandboxes.map((s) => s.id));
  });

  it('without limit, a page holds 100; limit past 1000 and a made-up cursor answer 400 naming the field', async () => {
    for (let n = 0; n < 101; n++)
      await t.call('POST', '/__admin/sandboxes', {
        token: ADMIN,
        body: { id: `atk12-many-${n}`, scenario: 'empty' },
      });
    const first = await adminCall<Page>('GET', '/__admin/sandboxes');
    expect(first.body.sandboxes).toHaveLength(100);
    expect(first.body.total).toBeGreaterThan(100);
    const big = await adminCall<ErrorBody>('GET', '/__admin/sandboxes?limit=1001');
    expect(big.status).toBe(400);
    expect(big.text).toContain('limit');
    const bad = await adminCall<ErrorBody>('GET', '/__admin/sandboxes?cursor=bm90IGEgY3Vyc29y');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({
      code: 'INVALID_CURSOR',
      message: 'cursor: pass the `next` value of a previous page unchanged',
      details: { field: 'cursor' },
    });
  });
});

describe('Attack 12: imports are streamed to a temporary file and cut off at IMPORT_MAX_MB', () => {
  it('past the limit: 413 SNAPSHOT_TOO_LARGE, whether the size is announced or not, and no temporary file is left', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lps-atk12-import-'));
    const limit = 1024 * 1024;
    const w = await buildTestApp({ dataDir, extra: { limits: { importMaxBytes: limit } } });
    try {
      await w.call('POST', '/__admin/sandboxes', { body: { id: 'atk12-src', scenario: 'demo' } });
      const small = await importSnapshot(w.app, 'atk12-copy', await snapshotOf(w.app, 'atk12-src'));
      expect(small.statusCode, small.body).toBe(201);
      const big = Buffer.alloc(limit + 1, 1);
      const announced = await w.app.inject({
        method: 'POST',
        url: '/__admin/sandboxes/import?id=atk12-big',
        headers: { 'content-type': 'application/vnd.sqlite3' },
        payload: big,
      });
      // Chunked: the size is only known as the bytes arrive.
      const streamed = await w.app.inject({
        method: 'POST',
        url: '/__admin/sandboxes/import?id=atk12-big',
        headers: { 'content-type': 'application/vnd.sqlite3' },
        payload: Readable.from([big.subarray(0, limit / 2), big.subarray(limit / 2)]),
      });
      for (const r of [announced, streamed]) {
        expect(r.statusCode).toBe(413);
        expect(JSON.parse(r.body)).toEqual({
          error: {
            code: 'SNAPSHOT_TOO_LARGE',
            message: 'The snapshot is larger than 1 MB (IMPORT_MAX_MB)',
            details: { limit },
          },
        });
      }
      expect((await w.call('GET', '/__admin/sandboxes/atk12-big')).status).toBe(404);
      expect(readdirSync(join(dataDir, 'sandboxes')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await w.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Attack 12: an import upload has a time limit (IMPORT_TIMEOUT)', () => {
  it('a body still arriving after the limit: 408 SNAPSHOT_UPLOAD_TIMEOUT, the connection closes, no temporary file is left', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lps-atk12-slow-'));
    const w = await buildTestApp({ dataDir, extra: { limits: { importTimeoutMs: 1000 } } });
    try {
      const payload = new Readable({ read() {} });
      payload.push(Buffer.from('SQLite format 3\0'));
      const answer = await w.app.inject({
        method: 'POST',
        url: '/__admin/sandboxes/import?id=atk12-slow',
        headers: { 'content-type': 'application/vnd.sqlite3' },
        payload,
      });
      expect(answer.statusCode).toBe(408);
      expect(answer.headers.connection).toBe('close');
      expect(JSON.parse(answer.body)).toEqual({
        error: {
          code: 'SNAPSHOT_UPLOAD_TIMEOUT',
          message: 'The snapshot did not arrive whole within 1 s (IMPORT_TIMEOUT)',
          details: { timeoutSeconds: 1 },
        },
      });
      expect((await w.call('GET', '/__admin/sandboxes/atk12-slow')).status).toBe(404);
      expect(readdirSync(join(dataDir, 'sandboxes')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      payload.push(null);
    } finally {
      await w.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Attack 7: waits are bounded per sandbox', () => {
  it('more concurrent mail waits than MAIL_WAITS_PER_SANDBOX answer 429 TOO_MANY_WAITS', async () => {
    const w = await buildTestApp({ extra: { limits: { waitsPerSandbox: 2 } } });
    try {
      await w.call('POST', '/__admin/sandboxes', { body: { id: 'atk7', scenario: 'empty' } });
      const waits = [0, 1].map(() => w.call('GET', '/__admin/sandboxes/atk7/mail?wait=1s&subject=never'));
      await sleep(20);
      const third = await w.call<ErrorBody>('GET', '/__admin/sandboxes/atk7/mail?wait=1s&subject=never');
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('TOO_MANY_WAITS');
      expect(third.headers['retry-after']).toBe('1');
      await Promise.all(waits);
    } finally {
      await w.close();
    }
  });

  it('past MAIL_WAITS_TOTAL in all sandboxes a wait answers 503 SERVER_BUSY; a finished wait frees its slot', async () => {
    const w = await buildTestApp({ extra: { limits: { waitsPerSandbox: 5, waitsTotal: 2 } } });
    try {
      for (const id of ['atk7-a', 'atk7-b'])
        await w.call('POST', '/__admin/sandboxes', { body: { id, scenario: 'empty' } });
      const waits = ['atk7-a', 'atk7-a'].map((id) =>
        w.call('GET', `/__admin/sandboxes/${id}/mail?wait=300ms&subject=never`),
      );
      await sleep(20);
      const other = await w.call<ErrorBody>('GET', '/__admin/sandboxes/atk7-b/mail?wait=1s&subject=never');
      expect(other.status).toBe(503);
      expect(other.body.error).toEqual({
        code: 'SERVER_BUSY',
        message: 'The server already has 2 mail waits open (MAIL_WAITS_TOTAL); try again later',
        details: { limit: 2 },
      });
      expect((await Promise.all(waits)).map((r) => r.status)).toEqual([408, 408]);
      expect((await w.call('GET', '/__admin/sandboxes/atk7-b/mail?wait=10ms&subject=never')).status).toBe(
        408,
      );
    } finally {
      await w.close();
    }
  });

  it('a delivery re-runs the search of only the waits it may satisfy: 60 waiting, one search', async () => {
    const s = await sandbox('atk7-fair');
    const others = Array.from({ length: 60 }, (_, i) =>
      adminCall(`GET`, `/__admin/sandboxes/${s.id}/mail?wait=2s&subject=never-${i}`),
    );
    const mine = adminCall<{ messages: Array<{ subject: string }> }>(
      'GET',
      `/__admin/sandboxes/${s.id}/mail?wait=2s&subject=eDelivery`,
    );
    await vi.waitFor(() => expect(t.context.mailWaits.waiting(s.id)).toBe(61));
    const search = vi.spyOn(MailRepository.prototype, 'search');
    await withPak(s.id, 'ATKFAIRPAK1');
    const found = await mine;
    expect(found.status).toBe(200);
    expect(found.body.messages.map((m) => m.subject)).toEqual([expect.stringContaining('eDelivery')]);
    expect(search).toHaveBeenCalledTimes(1);
    search.mockRestore();
    expect((await Promise.all(others)).map((r) => r.status)).toEqual(others.map(() => 408));
  });
});

describe('Attack 10: a disk that fills up or turns read-only answers 503 STORAGE_UNAVAILABLE, and /readyz says so', () => {
  it.each([
    ['full', 'max_page_count'],
    ['read-only', 'query_only'],
  ])(
    'disk %s: 503 STORAGE_UNAVAILABLE on the write, /readyz 503 until writes work again',
    async (_what, pragma) => {
      const s = await sandbox(`atk10-${pragma.replaceAll('_', '-')}`);
      await withPak(s.id, 'ATKFULLPAK1');
      const db = t.context.deps.dbs.get(s.id)?.db as Database.Database;
      // SQLite's own limits stand in for the disk: the file may not grow, or may not be written at all.
      db.pragma(
        pragma === 'max_page_count'
          ? `max_page_count = ${db.pragma('page_count', { simple: true })}`
          : 'query_only = 1',
      );
      let r;
      for (let i = 0; i < 200; i++) {
        r = await t.call<ErrorBody>('POST', '/api/v1/registrations', {
          token: s.jdoe,
          body: {
            paks: 'ATKFULLPAK1',
            lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 1 }],
            devices: [`JAD0000${String(i).padStart(4, '0')}`],
            agreeToTerms: true,
          },
        });
        if (r.status !== 201) break;
      }
      expect(r?.status, r?.text).toBe(503);
      expect(r?.body.error.code).toBe('STORAGE_UNAVAILABLE');
      expect((await t.call('GET', '/readyz')).status).toBe(503);
      db.pragma(pragma === 'max_page_count' ? 'max_page_count = 1073741823' : 'query_only = 0');
      const ok = await t.call('POST', '/api/v1/registrations', {
        token: s.jdoe,
        body: {
          paks: 'ATKFULLPAK1',
          lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 1 }],
          devices: ['JAD99990001'],
          agreeToTerms: true,
        },
      });
      expect(ok.status).toBe(201);
      expect((await t.call('GET', '/readyz')).status).toBe(200);
    },
  );
});
