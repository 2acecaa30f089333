import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  advance,
  buildTestApp,
  order,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  f = await sandboxWithUsers(t);
});

const register = (paks: string, devices: string[], token = f.jdoe, extra: Record<string, unknown> = {}) =>
  t.call<{ transactionId: string } & ErrorBody>('POST', '/api/v1/registrations', {
    token,
    body: { paks, devices, agreeToTerms: true, ...extra },
  });
const device = (serial: string, token = f.jdoe) =>
  t.call<
    {
      activationKey: string | null;
      termEndDate: string | null;
      licenses: Array<{ sku: string; pak: string }>;
      removedLicenses: Array<{ reason: string }>;
      evaluation: { status: string; endDate: string; activationKey: string } | null;
    } & ErrorBody
  >('GET', `/api/v1/devices/${serial}`, { token });

describe('What happens if I lose my Product Activation Key (PAK)?', () => {
  it('the ordering user finds it with the Sales Order #, even before it is active', async () => {
    const o = await order(t, f.sandbox, {
      activationDelay: '4h',
      lines: [{ sku: 'L-AC-PLS-LIC=', users: 26, pak: 'LOSTPAK0001' }],
    });
    const r = await t.call<{ paks: Array<{ pak: string; status: string }> }>(
      'GET',
      `/api/v1/paks/search?salesOrder=${o.salesOrder}`,
      { token: f.jdoe },
    );
    expect(r.status).toBe(200);
    expect(r.body.paks).toMatchObject([{ pak: 'LOSTPAK0001', status: 'not-yet-active' }]);
    const other = await t.call<ErrorBody>('GET', `/api/v1/paks/search?salesOrder=${o.salesOrder}`, {
      token: f.asmith,
    });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('SALES_ORDER_NOT_FOUND');
  });

  it('after a registration, only the user who performed it finds the PAK by serial number', async () => {
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G', pak: 'LOSTPAK0002' }] });
    await register('LOSTPAK0002', ['JAD222605K8']);
    const mine = await t.call<{ paks: Array<{ pak: string; status: string }> }>(
      'GET',
      '/api/v1/paks/search?serial=JAD222605K8',
      { token: f.jdoe },
    );
    expect(mine.body.paks.map((p) => [p.pak, p.status])).toEqual([['LOSTPAK0002', 'active']]);
    const theirs = await t.call<ErrorBody>('GET', '/api/v1/paks/search?serial=JAD222605K8', {
      token: f.asmith,
    });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.message).toBe('No PAK registered by asmith to serial number JAD222605K8');
  });
});

describe('What happens with my ASA license key during a RMA?', () => {
  it('keys are stripped; the multi-use PAK is simply re-registered to the new ASA serial, no RMA case needed', async () => {
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G', pak: 'MULTIUSE001' }] });
    await register('MULTIUSE001', ['JAD00000OLD']);
    const rma = await t.call<{ strippedLicenses: number }>(
      'POST',
      `/__admin/sandboxes/${f.sandbox}/devices/JAD00000OLD/rma`,
    );
    expect(rma.status).toBe(200);
    expect(rma.body.strippedLicenses).toBe(1);
    const old = await device('JAD00000OLD');
    expect(old.body.activationKey).toBeNull();
    expect(old.body.licenses).toEqual([]);
    expect(old.body.removedLicenses[0]?.reason).toBe('RMA: license keys stripped');
    expect((await register('MULTIUSE001', ['JAD00000NEW'])).status).toBe(201);
    expect((await device('JAD00000NEW')).body.activationKey).toMatch(/^0x/);
  });

  it('a banding license held only by the returned ASA goes back to its PAK for the replacement', async () => {
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-APX-LIC=', users: 102, pak: 'BANDING0102' }] });
    await register('BANDING0102', ['JAD00000OLD']);
    expect((await register('BANDING0102', ['JAD00000NEW'])).body.error.code).toBe('NOTHING_TO_ASSIGN');
    await t.call('POST', `/__admin/sandboxes/${f.sandbox}/devices/JAD00000OLD/rma`);
    expect((await register('BANDING0102', ['JAD00000NEW'])).status).toBe(201);
  });
});

describe('What part do I buy at renewal? How is the license handled on an ASA?', () => {
  it('a renewal with L-AC-PLS-LIC= continues the term; registering it extends the end date and the key stays the same', async () => {
    await order(t, f.sandbox, {
      lines: [{ sku: 'L-AC-PLS-LIC=', users: 100, termMonths: 12, pak: 'ORIGINAL001' }],
    });
    await register('ORIGINAL001', ['JAD222605K8']);
    const before = await device('JAD222605K8');
    expect(before.body.termEndDate).toBe('2027-03-03');

    const renewal = await order(t, f.sandbox, {
      lines: [
        { sku: 'L-AC-PLS-LIC=', users: 100, termMonths: 36, renewsPak: 'ORIGINAL001', pak: 'RENEWAL0001' },
      ],
    });
    expect(renewal.paks[0]).toMatchObject({ startDate: '2027-03-03', endDate: '2030-03-03' });
    await register('RENEWAL0001', ['JAD222605K8']);
    const after = await device('JAD222605K8');
    expect(after.body.termEndDate).toBe('2030-03-03');
    expect(after.body.activationKey).toBe(before.body.activationKey);
  });

  it('renewals use the banding SKUs regardless of the original SKU', async () => {
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-APX-1YR-G', users: 100, pak: 'BLOCKTERM01' }] });
    const r = await t.call<ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/orders`, {
      body: { ccoId: 'jdoe', lines: [{ sku: 'L-AC-APX-3YR-G', renewsPak: 'BLOCKTERM01' }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe(
      'Renewals should be handled using the L-AC-PLS-LIC= (AnyConnect Plus) and L-AC-APX-LIC= (AnyConnect Apex) SKUs regardless of which SKU the original order was placed under.',
    );
    const ok = await order(t, f.sandbox, {
      lines: [{ sku: 'L-AC-APX-LIC=', users: 100, renewsPak: 'BLOCKTERM01' }],
    });
    expect(ok.paks[0]).toMatchObject({ startDate: '2027-03-03' });
  });

  it('licenses expiring within N days are listed for the sandbox, on its clock', async () => {
    await order(t, f.sandbox, {
      lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, termMonths: 12, pak: 'EXPIRING001' }],
    });
    await register('EXPIRING001', ['JAD222605K8']);
    const soon = await t.call<{ licenses: unknown[] }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/licenses/expiring?within=30d`,
    );
    expect(soon.body.licenses).toEqual([]);
    await advance(t, f.sandbox, '340d');
    const later = await t.call<{ licenses: Array<Record<string, unknown>> }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/licenses/expiring?within=30d`,
    );
    expect(later.body.licenses).toEqual([
      {
        serial: 'JAD222605K8',
        pak: 'EXPIRING001',
        sku: 'L-AC-PLS-LIC=',
        quantity: 10,
        ccoId: 'jdoe',
        startDate: '2026-03-03',
        endDate: '2027-03-03',
        expired: false,
      },
    ]);
  });
});

describe('How do I receive a trial AnyConnect Apex license for my ASA?', () => {
  it('a 4-week Apex evaluation: emailed time-based key, expiring on the sandbox clock', async () => {
    const r = await t.call<{ product: string; startDate: string; endDate: string; transactionId: string }>(
      'POST',
      '/api/v1/demo-licenses',
      {
        token: f.jdoe,
        body: { serial: 'JAD222605K8', agreeToTerms: true },
      },
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      product: 'AnyConnect Plus/Apex (ASA) Demo License',
      startDate: '2026-03-02',
      endDate: '2026-03-30',
    });
    const mail = await t.call<{ messages: Array<{ id: string; subject: string }> }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/mail?subject=activation%20key`,
    );
    const text = (
      await t.call<{ text: string }>(
        'GET',
        `/__admin/sandboxes/${f.sandbox}/mail/${mail.body.messages[0]?.id}`,
      )
    ).body.text;
    expect(text).toContain('does not grant access to the AnyConnect Windows/ Mac OS X/Linux software');
    expect(text).toContain('License End Date : 03/30/2026');
    const d = await device('JAD222605K8');
    expect(d.body.evaluation).toMatchObject({ status: 'active', endDate: '2026-03-30' });
    expect(text).toContain(`JAD222605K8: ${d.body.evaluation?.activationKey}`);

    const again = await t.call<ErrorBody>('POST', '/api/v1/demo-licenses', {
      token: f.jdoe,
      body: { serial: 'JAD222605K8', agreeToTerms: true },
    });
    expect(again.body.error.code).toBe('DEMO_LICENSE_ACTIVE');
    await advance(t, f.sandbox, '28d');
    expect((await device('JAD222605K8')).body.evaluation?.status).toBe('expired');
  });
});

describe('How do I access the Software Center and receive TAC support entitlement? (contracts)', () => {
  const address = {
    line1: '170 West Tasman Dr',
    city: 'San Jose',
    state: 'CA',
    postalCode: '95134',
    country: 'US',
  };

  it('a contract number appears a few days after eDelivery, and links when the profile address matches', async () => {
    const carol = await t.call<{ token: string }>('POST', `/__admin/sandboxes/${f.sandbox}/users`, {
      body: { ccoId: 'carol', email: 'carol@example.com', name: 'Carol', address },
    });
    const o = await t.call<{ contract: { number: string; availableAt: string } }>(
      'POST',
      `/__admin/sandboxes/${f.sandbox}/orders`,
      {
        body: { ccoId: 'carol', lines: [{ sku: 'L-AC-PLS-LIC=', users: 25 }] },
      },
    );
    expect(o.body.contract.availableAt).toBe('2026-03-05T09:00:00.000Z');
    const early = await t.call<ErrorBody>('POST', `/api/v1/contracts/${o.body.contract.number}/link`, {
      token: carol.body.token,
    });
    expect(early.status).toBe(404);
    expect(early.body.error.code).toBe('CONTRACT_NOT_FOUND');
    expect(
      (await t.call<{ contracts: unknown[] }>('GET', '/api/v1/contracts', { token: carol.body.token })).body
        .contracts,
    ).toEqual([]);

    await advance(t, f.sandbox, '3d');
    const list = await t.call<{ contracts: Array<{ number: string }> }>('GET', '/api/v1/contracts', {
      token: carol.body.token,
    });
    expect(list.body.contracts.map((c) => c.number)).toEqual([o.body.contract.number]);
    const linked = await t.call<{ linkedTo: string }>(
      'POST',
      `/api/v1/contracts/${o.body.contract.number}/link`,
      { token: carol.body.token },
    );
    expect(linked.status).toBe(200);
    expect(linked.body.linkedTo).toBe('carol');
  });

  it('refuses the link when the customer profile address does not match the contract', async () => {
    const o = await t.call<{ contract: { number: string } }>(
      'POST',
      `/__admin/sandboxes/${f.sandbox}/orders`,
      {
        body: { ccoId: 'jdoe', contractAddress: address, lines: [{ sku: 'L-AC-PLS-LIC=', users: 25 }] },
      },
    );
    await advance(t, f.sandbox, '3d');
    const r = await t.call<ErrorBody>('POST', `/api/v1/contracts/${o.body.contract.number}/link`, {
      token: f.jdoe,
    });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({
      code: 'CONTRACT_ADDRESS_MISMATCH',
      message:
        'It is very important that your customer profile address information matches the address information on the contract prior to attempting to link a contract or sending an email.',
    });
  });
});

describe('How do I register my AnyConnect license for use with Firepower Threat Defense (FTD) OS 6.2.1 and later?', () => {
  it('the Smart License Sharing Request is processed later, then the entitlement shows in the Virtual Account', async () => {
    const sb = await t.call('POST', '/__admin/sandboxes', {
      body: { scenario: 'demo', frozen: true, startTime: '2026-03-02T09:00:00Z', id: `ftd-${Date.now()}` },
    });
    const id = (sb.body as { id: string }).id;
    const users = await t.call<{ users: Array<{ token: string }> }>('GET', `/__admin/sandboxes/${id}/users`);
    const token = users.body.users[0]?.token as string;
    const r = await t.call<{ transactionId: string; status: string }>(
      'POST',
      '/api/v1/smart-account-requests',
      {
        token,
        body: { smartAccount: 'example.com', virtualAccount: 'Lab', pak: 'DEMOAPX0102', licenseType: 'Apex' },
      },
    );
    expect(r.status).toBe(202);
    const mail = await t.call<{ messages: Array<{ id: string; to: string[]; from: string }> }>(
      'GET',
      `/__admin/sandboxes/${id}/mail?subject=AnyConnect%20Smart%20License%20Sharing%20Request`,
    );
    expect(mail.body.messages[0]).toMatchObject({
      to: ['licensing@cisco.com'],
      from: 'john.doe@example.com',
    });
    const body = (
      await t.call<{ text: string }>('GET', `/__admin/sandboxes/${id}/mail/${mail.body.messages[0]?.id}`)
    ).body.text;
    expect(body).toContain('Smart Account Name or Domain ID: example.com');
    expect(body).toContain('AnyConnect License Type (Plus, Apex or VPN Only) : Apex');
    expect(body).toContain('The above information is necessary to complete this request.');

    const empty = await t.call<{ entitlements: unknown[] }>(
      'GET',
      '/api/v1/smart-accounts/example.com/licenses',
      { token },
    );
    expect(empty.body.entitlements).toEqual([]);
    await advance(t, id, '1d');
    const full = await t.call<{ entitlements: Array<Record<string, unknown>> }>(
      'GET',
      '/api/v1/smart-accounts/example.com/licenses',
      { token },
    );
    expect(full.body.entitlements).toMatchObject([
      { virtualAccount: 'Lab', license: 'AnyConnect Apex', quantity: 102, pak: 'DEMOAPX0102' },
    ]);
    const tx = await t.call<{ status: string }>('GET', `/api/v1/transactions/${r.body.transactionId}`, {
      token,
    });
    expect(tx.body.status).toBe('completed');

    const mismatch = await t.call<ErrorBody>('POST', '/api/v1/smart-account-requests', {
      token,
      body: { smartAccount: 'Example Corp', pak: 'DEMOPLS0026', licenseType: 'Apex' },
    });
    expect(mismatch.body.error.code).toBe('LICENSE_TYPE_MISMATCH');
  });

  it('registering a PAK for an FTD head-end is refused with the FAQ explanation', async () => {
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G', pak: 'FTDPAK00001' }] });
    const r = await register('FTDPAK00001', ['9A1B2C3D4E5'], f.jdoe, { platform: 'ftd' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('PAK_REGISTRATION_ASA_ONLY');
    expect(r.body.error.message).toContain('In order to utilize AnyConnect with FTD 6.2.1 and later');
  });
});

describe('PAK registration is only applicable to the ASA (ISR G2, CSR 1000V, ASR 1000, ASAv, ISE)', () => {
  it.each(['isr-g2', 'csr1000v', 'asr1000'])('%s: store the PAK as proof of purchase', async (platform) => {
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G', pak: 'IOSPAK00001' }] });
    const r = await register('IOSPAK00001', ['FGL1234567A'], f.jdoe, { platform });
    expect(r.body.error.message).toBe(
      'Please note that the physical Product Activation Key (PAK) registration on the Cisco licensing portal is only applicable to the ASA. For ASA and IOS head-ends as well as non-VPN use cases, please store the PAK in a safe place as proof of purchase. You will still need to complete Contract registration for SW Center access and TAC support.',
    );
  });

  it('a simulated ASAv uses Smart Licensing: no PAK registration', async () => {
    await t.call('POST', `/__admin/sandboxes/${f.sandbox}/asa-devices`, {
      body: { model: 'ASAv', serial: '9AB1CD2EF3G' },
    });
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G', pak: 'ASAVPAK0001' }] });
    const r = await register('ASAVPAK0001', ['9AB1CD2EF3G']);
    expect(r.body.error.code).toBe('PAK_REGISTRATION_ASA_ONLY');
    expect(r.body.error.message).toMatch(
      /^ASAv, which utilizes Cisco Smart Licensing, doesn't require any AnyConnect license/,
    );
  });
});

describe('Registration step 1: licenses assigned to a Smart Account appear in its Virtual Account', () => {
  it('registering with Smart Account and Virtual Account records the entitlement there', async () => {
    const id = `sa-${Date.now()}`;
    await t.call('POST', '/__admin/sandboxes', { body: { scenario: 'demo', frozen: true, id } });
    const token = (await t.call<{ users: Array<{ token: string }> }>('GET', `/__admin/sandboxes/${id}/users`))
      .body.users[0]?.token as string;
    const r = await register('DEMOPLS0026', ['JAD222605K8'], token, {
      smartAccount: 'Example Corp',
      virtualAccount: 'Default',
    });
    expect(r.status).toBe(201);
    const sa = await t.call<{ entitlements: Array<Record<string, unknown>> }>(
      'GET',
      `/__admin/sandboxes/${id}/smart-accounts/example.com/licenses`,
    );
    expect(sa.body.entitlements).toMatchObject([
      { virtualAccount: 'Default', license: 'AnyConnect Plus', quantity: 26, pak: 'DEMOPLS0026' },
    ]);
  });
});
