import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ErrorBody, type TestApp } from '../helpers/build.js';

const ADMIN = 'a-long-admin-token-for-tests';
type Created = { id: string; adminToken: string; users: Array<{ token: string }> };

let t: TestApp;
let mine: Created;
let theirs: Created;
beforeAll(async () => {
  t = await buildTestApp({ adminToken: ADMIN });
  const create = async (id: string) =>
    (await t.call<Created>('POST', '/__admin/sandboxes', { token: ADMIN, body: { id, scenario: 'demo' } }))
      .body;
  mine = await create('mine');
  theirs = await create('theirs');
});
afterAll(() => t.close());

describe('A sandbox admin token controls its own sandbox', () => {
  it.each([
    ['GET', '/__admin/sandboxes/mine', undefined, 200],
    ['GET', '/__admin/sandboxes/mine/users', undefined, 200],
    ['POST', '/__admin/sandboxes/mine/users', { ccoId: 'bob', email: 'bob@example.com', name: 'Bob' }, 201],
    ['POST', '/__admin/sandboxes/mine/orders', { ccoId: 'jdoe', lines: [{ sku: 'L-AC-PLS-P-G' }] }, 201],
    ['PATCH', '/__admin/sandboxes/mine/settings', { mailDelay: '5m' }, 200],
    ['GET', '/__admin/sandboxes/mine/clock', undefined, 200],
    ['POST', '/__admin/sandboxes/mine/clock', { action: 'advance', by: '1h' }, 200],
    ['GET', '/__admin/sandboxes/mine/mail', undefined, 200],
    ['GET', '/__admin/sandboxes/mine/snapshot', undefined, 200],
    ['POST', '/__admin/sandboxes/mine/reset', undefined, 200],
  ])('%s %s', async (method, url, body, status) => {
    const r = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${mine.adminToken}` },
      ...(body ? { payload: body } : {}),
    });
    expect(r.statusCode).toBe(status);
  });
});

describe('…and nothing else: not another sandbox, not the list, not creating sandboxes', () => {
  it.each([
    ['GET', '/__admin/sandboxes/theirs'],
    ['GET', '/__admin/sandboxes/theirs/users'],
    ['POST', '/__admin/sandboxes/theirs/reset'],
    ['DELETE', '/__admin/sandboxes/theirs'],
    ['GET', '/__admin/sandboxes/theirs/snapshot'],
    ['GET', '/__admin/sandboxes'],
    ['POST', '/__admin/sandboxes'],
    ['POST', '/__admin/sandboxes/import'],
    ['POST', '/__admin/sandboxes/mine/clone'],
  ])('%s %s: 403 ADMIN_FORBIDDEN', async (method, url) => {
    const before = (await t.call('GET', '/__admin/sandboxes', { token: ADMIN })).body;
    const r = await t.call<ErrorBody>(method, url, { token: mine.adminToken, body: {} });
    expect(r.status).toBe(403);
    expect(r.body.error).toEqual({
      code: 'ADMIN_FORBIDDEN',
      message: 'This admin token controls sandbox mine only',
      details: { sandbox: 'mine' },
    });
    expect((await t.call('GET', '/__admin/sandboxes', { token: ADMIN })).body).toEqual(before);
  });

  it("another sandbox's token cannot touch this one", async () => {
    const r = await t.call<ErrorBody>('GET', '/__admin/sandboxes/mine/users', { token: theirs.adminToken });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('This admin token controls sandbox theirs only');
  });

  it('an unknown token, or a user token, is 401', async () => {
    for (const token of ['lpa_not-a-real-token', mine.users[0]?.token as string]) {
      const r = await t.call<ErrorBody>('GET', '/__admin/sandboxes/mine', { token });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('ADMIN_UNAUTHORIZED');
    }
  });

  it('deleting its sandbox is allowed, and the token dies with it', async () => {
    const doomed = (
      await t.call<Created>('POST', '/__admin/sandboxes', {
        token: ADMIN,
        body: { id: 'doomed', scenario: 'empty' },
      })
    ).body;
    expect((await t.call('DELETE', '/__admin/sandboxes/doomed', { token: doomed.adminToken })).status).toBe(
      204,
    );
    expect((await t.call('GET', '/__admin/sandboxes/doomed', { token: doomed.adminToken })).status).toBe(401);
  });
});

describe('ADMIN_TOKEN controls everything; sandbox tokens are stored only as hashes', () => {
  it('the global token reaches every sandbox and the list', async () => {
    expect((await t.call('GET', '/__admin/sandboxes/mine', { token: ADMIN })).status).toBe(200);
    expect((await t.call('GET', '/__admin/sandboxes', { token: ADMIN })).status).toBe(200);
  });

  it('the registry holds the SHA-256 of the token, never the token', () => {
    const registry = t.context.deps.dbs.registry;
    const hash = createHash('sha256').update(mine.adminToken).digest('hex');
    expect(registry.adminTokenHash('mine')).toBe(hash);
    const dump = JSON.stringify(registry.db.prepare('SELECT * FROM sandboxes').all());
    expect(dump).not.toContain(mine.adminToken);
  });

  it('a clone or an import gets its own new admin token', async () => {
    const clone = await t.call<Created>('POST', '/__admin/sandboxes/mine/clone', {
      token: ADMIN,
      body: { id: 'mine-2' },
    });
    expect(clone.body.adminToken).not.toBe(mine.adminToken);
    expect((await t.call('GET', '/__admin/sandboxes/mine-2', { token: clone.body.adminToken })).status).toBe(
      200,
    );
    expect((await t.call('GET', '/__admin/sandboxes/mine-2', { token: mine.adminToken })).status).toBe(403);
  });
});

describe('Without ADMIN_TOKEN the control plane stays open (loopback development)', () => {
  it('anyone may list and create; a sandbox token is not needed', async () => {
    const open = await buildTestApp();
    try {
      expect((await open.call('GET', '/__admin/sandboxes')).status).toBe(200);
      const r = await open.call<Created>('POST', '/__admin/sandboxes', {
        body: { id: 'x', scenario: 'empty' },
      });
      expect(r.body.adminToken).toMatch(/^lpa_/);
      expect(
        (await open.call('GET', '/__admin/sandboxes/default', { token: r.body.adminToken })).status,
      ).toBe(200);
    } finally {
      await open.close();
    }
  });
});
