/**
 * Issue 15, items 4 and 5, replayed over HTTP: contracts only for term licenses and SWSS, with
 * their start and end dates; a demo license once per ASA.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  advance,
  buildTestApp,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';

type Contract = {
  number: string;
  salesOrder: string;
  startDate: string;
  endDate: string;
  lines: Array<{ sku: string; pak: string | null; quantity: number; startDate: string; endDate: string }>;
};
type OrderView = {
  salesOrder: string;
  paks: Array<{ pak: string; sku: string }>;
  services: Array<{ sku: string; quantity: number; termMonths: number; startDate: string; endDate: string }>;
  contract: { number: string; availableAt: string; startDate: string; endDate: string } | null;
};

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  f = await sandboxWithUsers(t);
});

const placeOrder = (lines: Array<Record<string, unknown>>) =>
  t.call<OrderView & ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/orders`, {
    body: { ccoId: 'jdoe', activationDelay: '0', lines },
  });
const contracts = async () =>
  (await t.call<{ contracts: Contract[] }>('GET', '/api/v1/contracts', { token: f.jdoe })).body.contracts;

describe('4. "When you purchase any term Plus or Apex license (or SWSS for Plus perpetual or VPN Only), a contract number will be generated"', () => {
  it('Plus Perpetual, VPN Only alone: no contract', async () => {
    const o = await placeOrder([{ sku: 'L-AC-PLS-P-G' }, { sku: 'L-AC-VPNO-100=' }]);
    expect(o.status).toBe(201);
    expect(o.body.contract).toBeNull();
    await advance(t, f.sandbox, '30d');
    expect(await contracts()).toEqual([]);
  });

  it('a term license: a contract a few days after eDelivery, from ship + 1 day to the end of the term', async () => {
    const o = await placeOrder([{ sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 13 }]);
    expect(o.body.contract).toMatchObject({ startDate: '2026-03-03', endDate: '2027-04-03' });
    expect(await contracts()).toEqual([]);
    await advance(t, f.sandbox, '7d');
    const [c] = await contracts();
    expect(c).toMatchObject({
      number: o.body.contract?.number,
      salesOrder: o.body.salesOrder,
      startDate: '2026-03-03',
      endDate: '2027-04-03',
      lines: [
        {
          sku: 'L-AC-PLS-LIC=',
          pak: o.body.paks[0]?.pak,
          quantity: 26,
          startDate: '2026-03-03',
          endDate: '2027-04-03',
        },
      ],
    });
  });

  it('SWSS bought for Plus Perpetual: a contract for the support term, no PAK for the service line', async () => {
    const o = await placeOrder([{ sku: 'L-AC-PLS-P-G' }, { sku: 'CON-ECMU-LACPLSPG', termMonths: 36 }]);
    expect(o.status).toBe(201);
    expect(o.body.paks.map((p) => p.sku)).toEqual(['L-AC-PLS-P-G']);
    expect(o.body.services).toEqual([
      expect.objectContaining({
        sku: 'CON-ECMU-LACPLSPG',
        quantity: 1,
        termMonths: 36,
        startDate: '2026-03-03',
        endDate: '2029-03-03',
      }),
    ]);
    expect(o.body.contract).toMatchObject({ startDate: '2026-03-03', endDate: '2029-03-03' });
    await advance(t, f.sandbox, '7d');
    expect((await contracts())[0]?.lines).toEqual([
      { sku: 'CON-ECMU-LACPLSPG', pak: null, quantity: 1, startDate: '2026-03-03', endDate: '2029-03-03' },
    ]);
  });

  it('SWSS for a VPN Only size is in the catalog and carries a contract', async () => {
    const o = await placeOrder([{ sku: 'L-AC-VPNO-100=' }, { sku: 'CON-ECMU-LACVPNO100' }]);
    expect(o.body.contract).toMatchObject({ startDate: '2026-03-03', endDate: '2027-03-03' });
  });
});

describe('5. How do I receive a trial AnyConnect Apex license? A 4-week evaluation, once per ASA', () => {
  const demo = () =>
    t.call<ErrorBody & { endDate: string }>('POST', '/api/v1/demo-licenses', {
      token: f.jdoe,
      body: { serial: 'JAD6000001', agreeToTerms: true },
    });

  it('a second request after the 28 days is refused: evaluations do not chain', async () => {
    expect((await demo()).status).toBe(201);
    await advance(t, f.sandbox, '28d');
    const again = await demo();
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'DEMO_LICENSE_USED',
      message:
        'Serial number JAD6000001 already had its 4-week AnyConnect Plus/Apex (ASA) Demo License (2026-03-02 to 2026-03-30); an evaluation is not renewable: buy a license',
    });
    await advance(t, f.sandbox, '280d');
    expect((await demo()).status).toBe(409);
  });
});
