import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ErrorBody, type TestApp } from '../helpers/build.js';

type Info = {
  id: string;
  name: string;
  scenario: string;
  clock: { now: string; frozen: boolean; nextDueAt: string | null };
  settings: Record<string, unknown>;
};

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ seed: 'demo' });
});
afterAll(() => t.close());

describe('The default sandbox exists at boot, seeded with the demo scenario', () => {
  it('lists its two users with their tokens', async () => {
    const r = await t.call<{ users: Array<{ ccoId: string; token: string; email: string }> }>(
      'GET',
      '/__admin/sandboxes/default/users',
    );
    expect(r.status).toBe(200);
    expect(r.body.users.map((u) => u.ccoId)).toEqual(['jdoe', 'asmith']);
    for (const u of r.body.users) expect(u.token).toMatch(/^lps_[0-9A-Za-z]{32}$/);
  });

  it('holds Plus banding (26), Apex banding (102), Plus perpetual (99999), VPN Only 250, and a PAK delivered an hour ago that is not active yet', async () => {
    const users = await t.call<{ users: Array<{ token: string }> }>(
      'GET',
      '/__admin/sandboxes/default/users',
    );
    const token = users.body.users[0]?.token as string;
    const r = await t.call<{ paks: Array<{ pak: string; lines: Array<{ sku: string; quantity: number }> }> }>(
      'GET',
      '/api/v1/paks?ids=DEMOPLS0026,DEMOAPX0102,DEMOPLSPERP,DEMOVPN0250',
      { token },
    );
    expect(r.body.paks.map((p) => [p.pak, p.lines[0]?.sku, p.lines[0]?.quantity])).toEqual([
      ['DEMOPLS0026', 'L-AC-PLS-LIC=', 26],
      ['DEMOAPX0102', 'L-AC-APX-LIC=', 102],
      ['DEMOPLSPERP', 'L-AC-PLS-P-G', 99999],
      ['DEMOVPN0250', 'L-AC-VPNO-250=', 1],
    ]);
    const pending = await t.call<ErrorBody>('GET', '/api/v1/paks?ids=DEMOPENDING', { token });
    expect(pending.body.error.message).toBe(
      'PAK/s or Token/s DEMOPENDING is / are either Invalid or Inactive',
    );
    await t.call('POST', '/__admin/sandboxes/default/clock', { body: { action: 'advance', by: '3h' } });
    expect((await t.call('GET', '/api/v1/paks?ids=DEMOPENDING', { token })).status).toBe(200);
  });

  it('has a Smart Account with two Virtual Accounts: a Virtual Account is required with it', async () => {
    const users = await t.call<{ users: Array<{ token: string }> }>(
      'GET',
      '/__admin/sandboxes/default/users',
    );
    const token = users.body.users[0]?.token as string;
    const base = {
      paks: 'DEMOAPX0102',
      devices: ['JAD222605K8'],
      agreeToTerms: true,
      smartAccount: 'Example Corp',
    };
    const missing = await t.call<ErrorBody>('POST', '/api/v1/registrations', { token, body: base });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'VIRTUAL_ACCOUNT_REQUIRED',
      message: 'virtualAccount: Virtual Account is Required with Smart Account',
    });
    const wrong = await t.call<ErrorBody>('POST', '/api/v1/registrations', {
      token,
      body: { ...base, virtualAccount: 'Prod' },
    });
    expect(wrong.body.error.code).toBe('VIRTUAL_ACCOUNT_UNKNOWN');
    const ok = await t.call<{ licenses: Array<{ smartAccount: string }> }>('POST', '/api/v1/registrations', {
      token,
      body: { ...base, virtualAccount: 'Lab' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.licenses[0]?.smartAccount).toBe('Example Corp');
  });
});

describe('Sandboxes: create, list, get, reset, delete', () => {
  it('creates a sandbox with a frozen start time and an empty scenario', async () => {
    const r = await t.call<Info>('POST', '/__admin/sandboxes', {
      body: {
        id: 'frozen-one',
        scenario: 'empty',
        frozen: true,
        startTime: '2016-04-26T12:00:00Z',
        settings: { popupBlocker: true },
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: 'frozen-one',
      scenario: 'empty',
      clock: { now: '2016-04-26T12:00:00.000Z', frozen: true, nextDueAt: null },
      settings: { popupBlocker: true, activationDelay: '4h', mailDelay: '0s' },
    });
    const users = await t.call<{ users: unknown[] }>('GET', '/__admin/sandboxes/frozen-one/users');
    expect(users.body.users).toEqual([]);
  });

  it('generates an ID when none is given, and lists every sandbox', async () => {
    const r = await t.call<Info>('POST', '/__admin/sandboxes', { body: {} });
    expect(r.body.id).toMatch(/^sbx-[0-9a-z]{10}$/);
    expect(r.body.scenario).toBe('demo');
    const list = await t.call<{ sandboxes: Info[] }>('GET', '/__admin/sandboxes');
    expect(list.body.sandboxes.map((s) => s.id)).toEqual(
      expect.arrayContaining(['default', 'frozen-one', r.body.id]),
    );
  });

  it('refuses a duplicate or malformed ID', async () => {
    const dup = await t.call<ErrorBody>('POST', '/__admin/sandboxes', { body: { id: 'default' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('SANDBOX_EXISTS');
    const bad = await t.call<ErrorBody>('POST', '/__admin/sandboxes', { body: { id: '../etc' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { problems: [{ field: 'id' }] },
    });
  });

  it('reset drops everything and rebuilds it from the scenario, start time and settings it was created with', async () => {
    await t.call('POST', '/__admin/sandboxes', {
      body: { id: 'to-reset', scenario: 'empty', frozen: true, startTime: '2020-01-01T00:00:00Z' },
    });
    const user = await t.call<{ token: string }>('POST', '/__admin/sandboxes/to-reset/users', {
      body: { ccoId: 'temp', email: 'temp@example.com', name: 'Temp' },
    });
    await t.call('POST', '/__admin/sandboxes/to-reset/clock', { body: { action: 'advance', by: '10d' } });
    const reset = await t.call<Info>('POST', '/__admin/sandboxes/to-reset/reset');
    expect(reset.status).toBe(200);
    expect(reset.body.clock.now).toBe('2020-01-01T00:00:00.000Z');
    expect(
      (await t.call<{ users: unknown[] }>('GET', '/__admin/sandboxes/to-reset/users')).body.users,
    ).toEqual([]);
    expect((await t.call('GET', '/api/v1/transactions', { token: user.body.token })).status).toBe(401);
  });

  it("a reset keeps every scenario user's token; a user added since is gone with theirs", async () => {
    const created = await t.call<{ users: Array<{ ccoId: string; token: string }> }>(
      'POST',
      '/__admin/sandboxes',
      { body: { id: 'reset-tokens', scenario: 'demo' } },
    );
    const temp = await t.call<{ token: string }>('POST', '/__admin/sandboxes/reset-tokens/users', {
      body: { ccoId: 'temp', email: 'temp@example.com', name: 'Temp' },
    });
    expect((await t.call('POST', '/__admin/sandboxes/reset-tokens/reset')).status).toBe(200);

    const users = await t.call<{ users: Array<{ ccoId: string; token: string }> }>(
      'GET',
      '/__admin/sandboxes/reset-tokens/users',
    );
    const tokens = (list: Array<{ ccoId: string; token: string }>) => list.map((u) => [u.ccoId, u.token]);
    expect(tokens(users.body.users)).toEqual(tokens(created.body.users));
    for (const { token } of created.body.users)
      expect((await t.call('GET', '/api/v1/transactions', { token })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/transactions', { token: temp.body.token })).status).toBe(401);
  });

  it('delete removes it; afterwards it is 404 SANDBOX_NOT_FOUND', async () => {
    await t.call('POST', '/__admin/sandboxes', { body: { id: 'doomed', scenario: 'empty' } });
    expect((await t.call('DELETE', '/__admin/sandboxes/doomed')).status).toBe(204);
    const gone = await t.call<ErrorBody>('GET', '/__admin/sandboxes/doomed');
    expect(gone.status).toBe(404);
    expect(gone.body.error).toEqual({
      code: 'SANDBOX_NOT_FOUND',
      message: 'No sandbox with ID doomed',
      details: { id: 'doomed' },
    });
  });

  it('users: a duplicate Cisco.com ID or a bad email is refused, naming the field', async () => {
    const dup = await t.call<ErrorBody>('POST', '/__admin/sandboxes/default/users', {
      body: { ccoId: 'jdoe', email: 'other@example.com', name: 'Other' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('USER_EXISTS');
    const bad = await t.call<ErrorBody>('POST', '/__admin/sandboxes/default/users', {
      body: { ccoId: 'newbie', email: 'nope', name: 'N' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_EMAIL', details: { field: 'email' } });
  });
});

describe('The simulated clock: read, freeze, unfreeze, set, advance', () => {
  it('each action, on a sandbox whose clock runs with real time', async () => {
    await t.call('POST', '/__admin/sandboxes', {
      body: { id: 'clocked', scenario: 'empty', startTime: '2026-01-01T00:00:00Z' },
    });
    const c0 = await t.call<Info['clock']>('GET', '/__admin/sandboxes/clocked/clock');
    expect(c0.body).toEqual({ now: '2026-01-01T00:00:00.000Z', frozen: false, nextDueAt: null });

    t.time.ms += 60_000;
    expect((await t.call<Info['clock']>('GET', '/__admin/sandboxes/clocked/clock')).body.now).toBe(
      '2026-01-01T00:01:00.000Z',
    );

    const frozen = await t.call<Info['clock']>('POST', '/__admin/sandboxes/clocked/clock', {
      body: { action: 'freeze' },
    });
    expect(frozen.body).toMatchObject({ now: '2026-01-01T00:01:00.000Z', frozen: true });
    t.time.ms += 60_000;
    expect((await t.call<Info['clock']>('GET', '/__admin/sandboxes/clocked/clock')).body.now).toBe(
      '2026-01-01T00:01:00.000Z',
    );

    const advanced = await t.call<Info['clock']>('POST', '/__admin/sandboxes/clocked/clock', {
      body: { action: 'advance', by: '30d' },
    });
    expect(advanced.body.now).toBe('2026-01-31T00:01:00.000Z');
    const set = await t.call<Info['clock']>('POST', '/__admin/sandboxes/clocked/clock', {
      body: { action: 'set', to: '2026-06-01T12:00:00Z' },
    });
    expect(set.body.now).toBe('2026-06-01T12:00:00.000Z');

    const running = await t.call<Info['clock']>('POST', '/__admin/sandboxes/clocked/clock', {
      body: { action: 'unfreeze' },
    });
    expect(running.body).toMatchObject({ now: '2026-06-01T12:00:00.000Z', frozen: false });
    t.time.ms += 5_000;
    expect((await t.call<Info['clock']>('GET', '/__admin/sandboxes/clocked/clock')).body.now).toBe(
      '2026-06-01T12:00:05.000Z',
    );
  });

  it('only moves forward, and names a bad duration', async () => {
    await t.call('POST', '/__admin/sandboxes', {
      body: { id: 'forward', scenario: 'empty', frozen: true, startTime: '2026-01-01T00:00:00Z' },
    });
    const back = await t.call<ErrorBody>('POST', '/__admin/sandboxes/forward/clock', {
      body: { action: 'set', to: '2025-01-01T00:00:00Z' },
    });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('CLOCK_BACKWARDS');
    const bad = await t.call<ErrorBody>('POST', '/__admin/sandboxes/forward/clock', {
      body: { action: 'advance', by: 'four hours' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'INVALID_DURATION',
      message: 'by must be a duration such as "4h", "30d" or "1d12h"',
    });
  });

  it('with a running clock, due work runs when real time reaches it, without any request', async () => {
    await t.call('POST', '/__admin/sandboxes', {
      body: { id: 'realtime', scenario: 'empty', settings: { mailDelay: '0s' } },
    });
    const sandbox = t.context.sandboxes.open('realtime');
    const store = sandbox.store;
    store.write(() => store.jobs.insert(sandbox.nowMs() + 50, 'deliver-mail', { mailId: 'none' }));
    t.context.sandboxes.open('realtime');
    t.time.ms += 100;
    await new Promise((r) => setTimeout(r, 150));
    expect(store.jobs.nextDueMs()).toBeNull();
  });
});
