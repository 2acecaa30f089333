/**
 * Issue 15, items 1, 3, 6, 7 and 8, replayed over HTTP: quantity never vanishes, an order's quantity
 * buys entitlement, a PAK goes to a serial once, VPN Only takes no user count, and the web wizard
 * agrees with the API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  order,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';
import { UiClient } from '../helpers/ui-client.js';

type PakLine = { quantity: number; quantityAvailable: number; quantityAssigned: number };
type Device = { licenses: Array<{ pak: string; quantity: number }> };

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  f = await sandboxWithUsers(t);
  await order(t, f.sandbox, {
    lines: [
      { sku: 'L-AC-PLS-P-G', pak: 'DEMOPLSPERP' },
      { sku: 'L-AC-APX-LIC=', users: 102, pak: 'DEMOAPX0102' },
    ],
  });
});

const register = (body: Record<string, unknown>) =>
  t.call<ErrorBody & { transactionId: string }>('POST', '/api/v1/registrations', {
    token: f.jdoe,
    body: { agreeToTerms: true, ...body },
  });
const line = async (pak: string) =>
  (await t.call<{ paks: Array<{ lines: PakLine[] }> }>('GET', `/api/v1/paks?ids=${pak}`, { token: f.jdoe }))
    .body.paks[0]?.lines[0] as PakLine;
const device = async (serial: string) =>
  (await t.call<Device>('GET', `/api/v1/devices/${serial}`, { token: f.jdoe })).body;

describe('1. A multi-use line gives exactly 1 per ASA: a quantity never vanishes', () => {
  it('99998 for one ASA is refused, naming the field, and nothing is taken', async () => {
    const r = await register({
      paks: 'DEMOPLSPERP',
      lines: [{ sku: 'L-AC-PLS-P-G', quantity: 99998 }],
      devices: ['JAD1000001'],
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'QUANTITY_ONE_PER_DEVICE',
      message:
        'lines[0].quantity: L-AC-PLS-P-G on PAK DEMOPLSPERP is multi-use and assigns exactly 1 per ASA: 1 device takes a Quantity to Assign of 1, not 99998',
      details: { field: 'lines[0].quantity' },
    });
    expect(await line('DEMOPLSPERP')).toMatchObject({ quantityAssigned: 0, quantityAvailable: 99999 });
  });

  it('quantity 3 for 2 devices is refused; 2 for 2 devices takes 2, each holding 1', async () => {
    const wrong = await register({
      paks: 'DEMOPLSPERP',
      lines: [{ sku: 'L-AC-PLS-P-G', quantity: 3 }],
      devices: ['JAD1000001', 'JAD1000002'],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('QUANTITY_ONE_PER_DEVICE');
    const right = await register({
      paks: 'DEMOPLSPERP',
      lines: [{ sku: 'L-AC-PLS-P-G', quantity: 2 }],
      devices: ['JAD1000001', 'JAD1000002'],
    });
    expect(right.status).toBe(201);
    expect(await line('DEMOPLSPERP')).toMatchObject({ quantityAssigned: 2, quantityAvailable: 99997 });
    const tx = await t.call<{ lines: Array<{ quantity: number }> }>(
      'GET',
      `/api/v1/transactions/${right.body.transactionId}`,
      { token: f.jdoe },
    );
    expect(tx.body.lines.map((l) => l.quantity)).toEqual([2]);
    expect((await device('JAD1000002')).licenses.map((l) => l.quantity)).toEqual([1]);
  });
});

describe('3. "You will receive entitlement for what you purchased": order quantity buys entitlement, not PAKs', () => {
  it('L-AC-VPNO-100= quantity 4 gives one PAK for four ASAs', async () => {
    const o = await order(t, f.sandbox, {
      lines: [{ sku: 'L-AC-VPNO-100=', quantity: 4, pak: 'VPNO4ASAS01' }],
    });
    expect(o.paks).toHaveLength(1);
    expect(o.paks[0]?.quantity).toBe(4);
    for (const serial of ['JAD2000001', 'JAD2000002', 'JAD2000003', 'JAD2000004']) {
      expect((await register({ paks: 'VPNO4ASAS01', devices: [serial] })).status).toBe(201);
    }
    const fifth = await register({ paks: 'VPNO4ASAS01', devices: ['JAD2000005'] });
    expect(fifth.status).toBe(409);
    expect(fifth.body.error.code).toBe('NOTHING_TO_ASSIGN');
  });

  it('L-AC-APX-LIC= 50 users quantity 3 gives one PAK of 150 users', async () => {
    const o = await order(t, f.sandbox, {
      lines: [{ sku: 'L-AC-APX-LIC=', users: 50, quantity: 3, pak: 'APX150USERS' }],
    });
    expect(o.paks).toHaveLength(1);
    expect(await line('APX150USERS')).toMatchObject({ quantity: 150, quantityAvailable: 150 });
  });
});

describe('6. The same PAK registered to the same serial twice is refused and takes nothing', () => {
  it('a multi-use PAK', async () => {
    expect((await register({ paks: 'DEMOPLSPERP', devices: ['JAD3000001'] })).status).toBe(201);
    const again = await register({ paks: 'DEMOPLSPERP', devices: ['JAD3000001'] });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'ALREADY_REGISTERED',
      message: 'devices[0]: PAK DEMOPLSPERP (L-AC-PLS-P-G) is already registered to serial number JAD3000001',
    });
    expect(await line('DEMOPLSPERP')).toMatchObject({ quantityAssigned: 1 });
    expect((await device('JAD3000001')).licenses).toHaveLength(1);
  });

  it('a banding PAK registered in part', async () => {
    const first = await register({
      paks: 'DEMOAPX0102',
      lines: [{ sku: 'L-AC-APX-LIC=', quantity: 2 }],
      devices: ['JAD3000002'],
    });
    expect(first.status).toBe(201);
    const again = await register({ paks: 'DEMOAPX0102', devices: ['JAD3000002'] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_REGISTERED');
    expect(await line('DEMOAPX0102')).toMatchObject({ quantityAssigned: 2 });
  });
});

describe('7. VPN Only is sized by concurrent connections per ASA: a user count is refused', () => {
  it('"users":5 on L-AC-VPNO-100= is a 400 naming the field, and no order is made', async () => {
    const r = await t.call<ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/orders`, {
      body: { ccoId: 'jdoe', lines: [{ sku: 'L-AC-VPNO-100=', users: 5 }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'FIELD_NOT_APPLICABLE',
      message:
        'lines[0].users: L-AC-VPNO-100= is licensed per ASA by concurrent connections (100), not by authorized users; it takes no user count',
      details: { field: 'lines[0].users' },
    });
  });
});

describe('8. The web wizard and the API agree on a multi-use line with two devices', () => {
  const next = (value: string) => ({ name: 'op', value });

  it('the wizard proposes 1 per device and registers both, as the API does', async () => {
    const ui = new UiClient(t);
    await ui.signInWithToken(f.jdoe);
    await ui.get('/portal/');
    await ui.submit('#gnl-form', { paks: 'DEMOPLSPERP' });
    await ui.submit('#wizard', {}, next('step-2'));
    await ui.submit('#wizard', { devices: 'JAD4000001' }, next('add-device'));
    await ui.submit('#wizard', { devices: ['JAD4000001', 'JAD4000002'] }, next('step-3'));
    const posted = await ui.submit('#wizard', { agreeToTerms: 'on' }, next('submit'));
    expect(posted.status).toBe(303);
    const status = await ui.follow(posted);
    expect(status.body).not.toContain('lines[0].quantity');
    expect(status.text('h1')).toBe('License Request Status');
    expect(await line('DEMOPLSPERP')).toMatchObject({ quantityAssigned: 2 });
  });

  it('a wrong quantity comes back next to the SKU line in the portal’s words, without an API field path', async () => {
    const ui = new UiClient(t);
    await ui.signInWithToken(f.jdoe);
    await ui.get('/portal/');
    await ui.submit('#gnl-form', { paks: 'DEMOPLSPERP' });
    await ui.submit('#wizard', { 'qty-0': '3' }, next('step-2'));
    await ui.submit('#wizard', { devices: 'JAD4000003' }, next('step-3'));
    const page = await ui.submit('#wizard', { agreeToTerms: 'on' }, next('submit'));
    expect(page.status).toBe(400);
    expect(page.text('#qty-0-error')).toBe(
      'L-AC-PLS-P-G on PAK DEMOPLSPERP is multi-use and assigns exactly 1 per ASA: 1 device takes a Quantity to Assign of 1, not 3',
    );
    expect(page.body).not.toContain('lines[0].quantity');
  });
});
