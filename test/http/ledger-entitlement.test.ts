/**
 * Issue 15, item 2, replayed over HTTP: a PAK's Smart Account entitlement is provisioned once,
 * whichever way it gets there (step 1 of the wizard, the sharing request), and the Smart Software
 * Manager API reports what the PAK carries, never a multiple.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, buildTestApp, type ErrorBody, type TestApp } from '../helpers/build.js';
import { accessToken, apiClient, demoSandbox, send, userToken } from '../cssm/helpers.js';

type Licenses = { licenses: Array<{ license: string; quantity: number; virtualAccount: string }> };
type Entitlements = { entitlements: Array<{ license: string; quantity: number; pak: string }> };

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function world() {
  const sandbox = await demoSandbox(t);
  const jdoe = await userToken(t, sandbox, 'jdoe');
  const sharingRequest = () =>
    t.call<ErrorBody>('POST', '/api/v1/smart-account-requests', {
      token: jdoe,
      body: {
        smartAccount: 'Example Corp',
        virtualAccount: 'Default',
        pak: 'DEMOAPX0102',
        licenseType: 'Apex',
      },
    });
  const entitlements = async () =>
    (
      await t.call<Entitlements>('GET', '/api/v1/smart-accounts/Example%20Corp/licenses', { token: jdoe })
    ).body.entitlements.filter((e) => e.pak === 'DEMOAPX0102');
  const cssmApex = async () => {
    const token = await accessToken(t, await apiClient(t, sandbox));
    const r = await send<Licenses>(t, 'POST', '/v1/accounts/example.com/licenses', token, {});
    return r.body.licenses.filter((l) => l.license === 'AnyConnect Apex').reduce((s, l) => s + l.quantity, 0);
  };
  return { sandbox, jdoe, sharingRequest, entitlements, cssmApex };
}

describe('2. Smart Account entitlement never multiplies: a 102-user PAK is 102 Apex users', () => {
  it('registered with a Smart Account, then two sharing requests: both refused, 102 in the Smart Account', async () => {
    const w = await world();
    const reg = await t.call('POST', '/api/v1/registrations', {
      token: w.jdoe,
      body: {
        paks: 'DEMOAPX0102',
        smartAccount: 'Example Corp',
        virtualAccount: 'Default',
        devices: ['JAD5000001'],
        agreeToTerms: true,
      },
    });
    expect(reg.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const r = await w.sharingRequest();
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({
        code: 'PAK_ALREADY_PROVISIONED',
        message:
          'pak: PAK DEMOAPX0102 is already provisioned to a Smart Account: all 102 of its entitlement is there',
      });
    }
    await advance(t, w.sandbox, '1d');
    expect((await w.entitlements()).map((e) => e.quantity)).toEqual([102]);
    expect(await w.cssmApex()).toBe(102);
  });

  it('one sharing request provisions the PAK; a second while it is processed, or after, is refused', async () => {
    const w = await world();
    expect((await w.sharingRequest()).status).toBe(202);
    const pending = await w.sharingRequest();
    expect(pending.status).toBe(409);
    expect(pending.body.error.code).toBe('SHARING_REQUEST_PENDING');
    await advance(t, w.sandbox, '1d');
    const after = await w.sharingRequest();
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('PAK_ALREADY_PROVISIONED');
    expect((await w.entitlements()).map((e) => e.quantity)).toEqual([102]);
    expect(await w.cssmApex()).toBe(102);
  });

  it('a sharing request, then a registration with the Smart Account: the registration adds nothing', async () => {
    const w = await world();
    expect((await w.sharingRequest()).status).toBe(202);
    await advance(t, w.sandbox, '1d');
    const reg = await t.call('POST', '/api/v1/registrations', {
      token: w.jdoe,
      body: {
        paks: 'DEMOAPX0102',
        smartAccount: 'Example Corp',
        virtualAccount: 'Lab',
        devices: ['JAD5000002'],
        agreeToTerms: true,
      },
    });
    expect(reg.status).toBe(201);
    expect((await w.entitlements()).reduce((s, e) => s + e.quantity, 0)).toBe(102);
    expect(await w.cssmApex()).toBe(102);
  });
});
