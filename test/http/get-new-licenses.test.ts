import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  advance,
  buildTestApp,
  order,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';

type Lookup = {
  paks: Array<{
    pak: string;
    productFamily: string;
    salesOrder: string;
    lines: Array<Record<string, unknown>>;
  }>;
};

let t: TestApp;
let f: Fixture;
beforeEach(async () => {
  t = await buildTestApp();
  f = await sandboxWithUsers(t);
});
afterEach(() => t.close());

const lookup = (ids: string, token = f.jdoe) =>
  t.call<Lookup & ErrorBody>('GET', `/api/v1/paks?ids=${encodeURIComponent(ids)}`, { token });

describe('Get New Licenses: Enter 1 to 10 PAKs or token IDs, separated by commas', () => {
  it('returns each PAK with its product family and SKU lines, ignoring spaces around the commas', async () => {
    const o = await order(t, f.sandbox, {
      lines: [
        { sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 13, pak: 'PLS26AAAAAA' },
        { sku: 'L-AC-APX-LIC=', users: 102, termMonths: 12, pak: 'APX102AAAAA' },
      ],
    });
    const r = await lookup(' PLS26AAAAAA ,  APX102AAAAA ');
    expect(r.status).toBe(200);
    expect(r.body.paks.map((p) => p.pak)).toEqual(['PLS26AAAAAA', 'APX102AAAAA']);
    expect(r.body.paks[0]).toMatchObject({
      productFamily: 'ASA AnyConnect Term and Content',
      salesOrder: o.salesOrder,
      lines: [
        {
          sku: 'L-AC-PLS-LIC=',
          smartAccount: 'Unassigned',
          quantity: 26,
          quantityAvailable: 26,
          quantityAssigned: 0,
          multiUse: false,
          startDate: '2026-03-03',
          endDate: '2027-04-03',
        },
      ],
    });
  });

  it('refuses an 11th PAK', async () => {
    const ids = Array.from({ length: 11 }, (_, i) => `PAK${String(i).padStart(8, '0')}`).join(',');
    const r = await lookup(ids);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('TOO_MANY_PAKS');
    expect(r.body.error.message).toBe(
      'Enter 1 to 10 PAKs or token IDs, separated by commas: 11 were entered',
    );
  });

  it('accepts exactly 10', async () => {
    const lines = Array.from({ length: 10 }, () => ({ sku: 'L-AC-PLS-P-G' }));
    const o = await order(t, f.sandbox, { lines });
    const r = await lookup(o.paks.map((p) => p.pak).join(','));
    expect(r.status).toBe(200);
    expect(r.body.paks).toHaveLength(10);
  });

  it('asks for a PAK when the box is empty', async () => {
    const r = await lookup(' , ');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'PAK_REQUIRED',
      message: 'Enter 1 to 10 PAKs or token IDs, separated by commas',
    });
  });
});

describe('What does "PAK/s or Token/s xxxxxxxx is / are either Invalid or Inactive" mean', () => {
  it('names an unknown PAK as entered', async () => {
    const r = await lookup('nosuchpak01');
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({
      code: 'PAK_INVALID_OR_INACTIVE',
      message: 'PAK/s or Token/s nosuchpak01 is / are either Invalid or Inactive',
      details: { paks: ['nosuchpak01'] },
    });
  });

  it('names only the bad PAKs when some are good', async () => {
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G', pak: 'GOODPAK0001' }] });
    const r = await lookup('GOODPAK0001, BADPAK00001,BADPAK00002');
    expect(r.body.error.message).toBe(
      'PAK/s or Token/s BADPAK00001,BADPAK00002 is / are either Invalid or Inactive',
    );
  });

  it('a PAK delivered moments ago is inactive until its activation time (4 hours here), then active', async () => {
    await order(t, f.sandbox, {
      activationDelay: '4h',
      lines: [{ sku: 'L-AC-PLS-LIC=', users: 26, pak: 'WAITING0001' }],
    });
    expect((await lookup('WAITING0001')).body.error.message).toBe(
      'PAK/s or Token/s WAITING0001 is / are either Invalid or Inactive',
    );
    await advance(t, f.sandbox, '3h59m');
    expect((await lookup('WAITING0001')).status).toBe(404);
    await advance(t, f.sandbox, '1m');
    expect((await lookup('WAITING0001')).status).toBe(200);
  });

  it('one minute before and one minute after a 24-hour activation delay', async () => {
    await order(t, f.sandbox, {
      activationDelay: '24h',
      lines: [{ sku: 'L-AC-APX-LIC=', users: 10, pak: 'SLOWPAK0001' }],
    });
    await advance(t, f.sandbox, '23h59m');
    expect((await lookup('SLOWPAK0001')).body.error.code).toBe('PAK_INVALID_OR_INACTIVE');
    await advance(t, f.sandbox, '2m');
    expect((await lookup('SLOWPAK0001')).status).toBe(200);
  });

  it('uses the sandbox activation delay when the order gives none (4h by default)', async () => {
    const r = await t.call<{ paks: Array<{ activeAt: string }> }>(
      'POST',
      `/__admin/sandboxes/${f.sandbox}/orders`,
      {
        body: { ccoId: 'jdoe', lines: [{ sku: 'L-AC-PLS-P-G' }] },
      },
    );
    expect(r.body.paks[0]?.activeAt).toBe('2026-03-02T13:00:00.000Z');
  });

  it('refuses an activation delay over 24 hours', async () => {
    const r = await t.call<ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/orders`, {
      body: { ccoId: 'jdoe', activationDelay: '25h', lines: [{ sku: 'L-AC-PLS-P-G' }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_ACTIVATION_DELAY');
    expect(r.body.error.details).toEqual({ field: 'activationDelay' });
  });
});

describe('Why does a part expand 99999 times when I buy an AnyConnect Plus perpetual or non-banding license', () => {
  it('perpetual and block-term parts offer 99999, multi-use; banding parts offer their user count; VPN Only offers 1', async () => {
    await order(t, f.sandbox, {
      lines: [
        { sku: 'L-AC-PLS-P-G', pak: 'PERPETUAL01' },
        { sku: 'L-AC-APX-3YR-G', users: 500, pak: 'BLOCKTERM01' },
        { sku: 'L-AC-PLS-LIC=', users: 873, termMonths: 30, pak: 'BANDING0001' },
        { sku: 'L-AC-VPNO-250=', pak: 'VPNONLY0001' },
      ],
    });
    const r = await lookup('PERPETUAL01,BLOCKTERM01,BANDING0001,VPNONLY0001');
    const lines = r.body.paks.map((p) => p.lines[0]);
    expect(lines.map((l) => [l?.quantity, l?.multiUse])).toEqual([
      [99999, true],
      [99999, true],
      [873, false],
      [1, false],
    ]);
    expect(lines[0]?.endDate).toBeNull();
    expect(lines[1]?.endDate).toBe('2029-03-03');
    expect(lines[2]?.endDate).toBe('2028-09-03');
  });

  it('a line quantity above 1 gives entitlement but no additional PAKs', async () => {
    const o = await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G', quantity: 2 }] });
    expect(o.paks).toHaveLength(1);
    expect(o.paks[0]).toMatchObject({ orderQuantity: 2, quantity: 199998 });
  });
});

describe('How does license expiration work: the contract is set to become active one day after ship', () => {
  it('an order that ships on October 25th 2014 starts its term on October 26th', async () => {
    const t2 = await buildTestApp();
    try {
      const g = await sandboxWithUsers(t2, 'sbx-2014', '2014-10-25T15:00:00.000Z');
      const o = await order(t2, g.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 100, termMonths: 12 }] });
      expect(o.paks[0]).toMatchObject({ startDate: '2014-10-26', endDate: '2015-10-26' });
    } finally {
      await t2.close();
    }
  });

  it('a banding start date may be chosen up to 60 days ahead, no further', async () => {
    const ok = await order(t, f.sandbox, {
      lines: [{ sku: 'L-AC-APX-LIC=', users: 50, startDate: '2026-05-01' }],
    });
    expect(ok.paks[0]).toMatchObject({ startDate: '2026-05-01' });
    const r = await t.call<ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/orders`, {
      body: { ccoId: 'jdoe', lines: [{ sku: 'L-AC-APX-LIC=', users: 50, startDate: '2026-05-02' }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'INVALID_START_DATE',
      details: { field: 'lines[0].startDate' },
    });
  });
});

describe('When were the original AnyConnect/VPN SKUs phased out', () => {
  it('retired Essentials/Premium parts cannot be ordered after August 31st, 2015', async () => {
    const r = await t.call<ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/orders`, {
      body: { ccoId: 'jdoe', lines: [{ sku: 'L-ASA-AC-E-5510=' }] },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toBe(
      'L-ASA-AC-E-5510= was phased out as of August 31st, 2015 and can no longer be purchased',
    );
  });
});

describe('An eDelivery email carries the PAKs', () => {
  it('sends the order owner one email listing every PAK of the order', async () => {
    const o = await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G' }, { sku: 'L-AC-VPNO-25=' }] });
    const list = await t.call<{ messages: Array<{ id: string; subject: string; to: string[] }> }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/mail?to=john.doe@example.com`,
    );
    expect(list.body.messages).toHaveLength(1);
    expect(list.body.messages[0]?.subject).toBe(`Cisco eDelivery Notification - Sales Order ${o.salesOrder}`);
    const mail = await t.call<{ text: string }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/mail/${list.body.messages[0]?.id}`,
    );
    for (const p of o.paks) expect(mail.body.text).toContain(`Product Activation Key (PAK): ${p.pak}`);
    expect(mail.body.text).toContain(
      'It may take up to 24 hours for your license PAK to become active on the License portal.',
    );
  });
});
