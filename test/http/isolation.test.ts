import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  order,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';

let t: TestApp;
let a: Fixture;
let b: Fixture;
let txA: string;
beforeAll(async () => {
  t = await buildTestApp();
  a = await sandboxWithUsers(t, 'sbx-a');
  b = await sandboxWithUsers(t, 'sbx-b');
  await order(t, a.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G', pak: 'SANDBOXAPAK' }] });
  const r = await t.call<{ transactionId: string }>('POST', '/api/v1/registrations', {
    token: a.jdoe,
    body: { paks: 'SANDBOXAPAK', devices: ['JAD222605K8'], agreeToTerms: true },
  });
  txA = r.body.transactionId;
});
afterAll(() => t.close());

describe('A user sees only their own Transactions History and devices', () => {
  it("another user of the same sandbox does not see jdoe's transaction", async () => {
    const list = await t.call<{ transactions: unknown[]; total: number }>('GET', '/api/v1/transactions', {
      token: a.asmith,
    });
    expect(list.body).toMatchObject({ transactions: [], total: 0 });
    const one = await t.call<ErrorBody>('GET', `/api/v1/transactions/${txA}`, { token: a.asmith });
    expect(one.status).toBe(404);
    expect(one.body.error.code).toBe('TRANSACTION_NOT_FOUND');
  });

  it('another user does not see the licenses jdoe registered to a serial', async () => {
    const r = await t.call<ErrorBody>('GET', '/api/v1/devices/JAD222605K8', { token: a.asmith });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toBe('No licenses registered by asmith to serial number JAD222605K8');
  });

  it('a PAK is like cash: any user holding it can look it up', async () => {
    const r = await t.call('GET', '/api/v1/paks?ids=SANDBOXAPAK', { token: a.asmith });
    expect(r.status).toBe(200);
  });
});

describe("Two sandboxes never see each other's anything", () => {
  it("sandbox B's user cannot see sandbox A's PAK, transaction or device", async () => {
    expect(
      (await t.call<ErrorBody>('GET', '/api/v1/paks?ids=SANDBOXAPAK', { token: b.jdoe })).body.error.code,
    ).toBe('PAK_INVALID_OR_INACTIVE');
    expect((await t.call('GET', `/api/v1/transactions/${txA}`, { token: b.jdoe })).status).toBe(404);
    expect((await t.call('GET', '/api/v1/devices/JAD222605K8', { token: b.jdoe })).status).toBe(404);
  });

  it("sandbox B's mailbox holds none of sandbox A's mail", async () => {
    const mailA = await t.call<{ messages: Array<{ id: string }> }>('GET', '/__admin/sandboxes/sbx-a/mail');
    const mailB = await t.call<{ messages: unknown[] }>('GET', '/__admin/sandboxes/sbx-b/mail');
    expect(mailA.body.messages.length).toBeGreaterThan(0);
    expect(mailB.body.messages).toEqual([]);
    const cross = await t.call('GET', `/__admin/sandboxes/sbx-b/mail/${mailA.body.messages[0]?.id}`);
    expect(cross.status).toBe(404);
  });

  it('the same PAK ID can exist in both sandboxes independently', async () => {
    await order(t, b.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 5, pak: 'SANDBOXAPAK' }] });
    const inB = await t.call<{ paks: Array<{ lines: Array<{ sku: string }> }> }>(
      'GET',
      '/api/v1/paks?ids=SANDBOXAPAK',
      { token: b.jdoe },
    );
    expect(inB.body.paks[0]?.lines[0]?.sku).toBe('L-AC-PLS-LIC=');
    const inA = await t.call<{ paks: Array<{ lines: Array<{ sku: string }> }> }>(
      'GET',
      '/api/v1/paks?ids=SANDBOXAPAK',
      { token: a.jdoe },
    );
    expect(inA.body.paks[0]?.lines[0]?.sku).toBe('L-AC-PLS-P-G');
  });

  it("moving one sandbox's clock leaves the other's alone", async () => {
    await t.call('POST', '/__admin/sandboxes/sbx-a/clock', { body: { action: 'advance', by: '30d' } });
    const ca = await t.call<{ now: string }>('GET', '/__admin/sandboxes/sbx-a/clock');
    const cb = await t.call<{ now: string }>('GET', '/__admin/sandboxes/sbx-b/clock');
    expect(ca.body.now).toBe('2026-04-01T09:00:00.000Z');
    expect(cb.body.now).toBe('2026-03-02T09:00:00.000Z');
  });
});

describe('The portal needs a Cisco.com login (bearer token)', () => {
  it('no token: 401 UNAUTHORIZED; an unknown token: 401 INVALID_TOKEN', async () => {
    const none = await t.call<ErrorBody>('GET', '/api/v1/transactions');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    const bad = await t.call<ErrorBody>('GET', '/api/v1/transactions', { token: 'lps_nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('INVALID_TOKEN');
  });

  it("a deleted sandbox's tokens stop working", async () => {
    const c = await sandboxWithUsers(t, 'sbx-gone');
    expect((await t.call('GET', '/api/v1/transactions', { token: c.jdoe })).status).toBe(200);
    expect((await t.call('DELETE', '/__admin/sandboxes/sbx-gone')).status).toBe(204);
    expect((await t.call('GET', '/api/v1/transactions', { token: c.jdoe })).status).toBe(401);
  });
});

describe('The control plane needs ADMIN_TOKEN when one is set', () => {
  it('refuses without it and accepts with it; the portal API is unaffected', async () => {
    const guarded = await buildTestApp({ adminToken: 'a-long-admin-token-for-tests' });
    try {
      const no = await guarded.call<ErrorBody>('GET', '/__admin/sandboxes');
      expect(no.status).toBe(401);
      expect(no.body.error.code).toBe('ADMIN_UNAUTHORIZED');
      expect(
        (await guarded.call('GET', '/__admin/sandboxes', { token: 'wrong-token-wrong-token' })).status,
      ).toBe(401);
      expect(
        (await guarded.call('GET', '/__admin/sandboxes', { token: 'a-long-admin-token-for-tests' })).status,
      ).toBe(200);
      expect((await guarded.call('GET', '/healthz')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
