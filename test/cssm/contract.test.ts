/**
 * Contract tests: each request is replayed as the public CSSM client scripts send it (method, path,
 * query, headers, body text), and every field those scripts read is asserted, with its JSON type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, buildTestApp, type TestApp } from '../helpers/build.js';
import {
  accessToken,
  API,
  apiClient,
  demoSandbox,
  registerDevice,
  registerToSmartAccount,
  send,
  userToken,
  type Client,
} from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

interface License {
  license: string;
  quantity: number;
  inUse: number;
  available: number;
  status: string;
  virtualAccount: string;
  licenseDetails: Array<{
    licenseType: string;
    quantity: number;
    startDate: string;
    endDate: string | null;
    status: string;
  }>;
}
type Licenses = { status: string; statusMessage: string; totalRecords: number; licenses: License[] };

describe('OAuth token requests as the public clients send them', () => {
  let sandbox: string;
  let client: Client;
  beforeAll(async () => {
    sandbox = await demoSandbox(t);
    client = await apiClient(t, sandbox, { ccoId: 'jdoe' });
  });

  const expectToken = (r: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
    expect(r.statusCode).toBe(200);
    const body = JSON.parse(r.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(typeof body.access_token).toBe('string');
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    expect(r.headers['cache-control']).toBe('no-store');
    return body.access_token as string;
  };
  const query = () =>
    `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`;

  it('credentials in the query string, no body (requests.request("POST", url, params=params))', async () => {
    expectToken(await t.app.inject({ method: 'POST', url: `/as/token.oauth2?${query()}` }));
  });

  it('credentials in the query string with an empty body and content-type application/json', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/as/token.oauth2?${query()}`,
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expectToken(r);
  });

  it('credentials in a form body (content-type application/x-www-form-urlencoded)', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/as/token.oauth2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: query(),
    });
    expectToken(r);
  });

  it('the id.cisco.com path /oauth2/default/v1/token, with the client in HTTP Basic auth', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/oauth2/default/v1/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      payload: 'grant_type=client_credentials',
    });
    expectToken(r);
  });

  it('a password grant (client, username, password in the form body) acts as that user', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/as/token.oauth2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `client_id=${client.clientId}&client_secret=${client.clientSecret}&username=asmith&password=whatever&grant_type=password`,
    });
    const token = expectToken(r);
    const created = await send<{ tokenInfo: { createdBy: string } }>(
      t,
      'POST',
      '/v1/accounts/example.com/virtual-accounts/Default/tokens',
      token,
      { description: 'as asmith' },
    );
    expect(created.body.tokenInfo.createdBy).toBe('asmith');
  });

  it('a wrong secret is an OAuth invalid_client error with 401', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/as/token.oauth2?grant_type=client_credentials&client_id=${client.clientId}&client_secret=wrong`,
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(r.statusCode).toBe(401);
    expect(JSON.parse(r.body)).toEqual({
      error: 'invalid_client',
      error_description: 'Invalid client or Invalid client credentials',
    });
  });
});

describe('Smart Accounts: search by domain and the v2 list', () => {
  let token: string;
  beforeAll(async () => {
    token = await accessToken(t, await apiClient(t, await demoSandbox(t)));
  });

  it('GET v1/accounts/search?domain=…&type=CUSTOMER&limit=1000&offset=0 (Go client)', async () => {
    const r = await send(
      t,
      'GET',
      '/v1/accounts/search?domain=example.com&type=CUSTOMER&limit=1000&offset=0',
      token,
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'SUCCESS',
      statusMessage: '',
      totalRecords: 1,
      accounts: [
        {
          id: 1,
          domain: 'example.com',
          name: 'Example Corp',
          type: 'CUSTOMER',
          accountType: 'CUSTOMER',
          status: 'ACTIVE',
        },
      ],
    });
  });

  it("the search matches part of a domain, as Cisco's does; HOLDING finds no customer account", async () => {
    expect(
      (await send<{ totalRecords: number }>(t, 'GET', '/v1/accounts/search?domain=ample', token)).body
        .totalRecords,
    ).toBe(1);
    expect(
      (await send<{ totalRecords: number }>(t, 'GET', '/v1/accounts/search?domain=example.org', token)).body
        .totalRecords,
    ).toBe(0);
    const holding = await send<{ accounts: unknown[] }>(
      t,
      'GET',
      '/v1/accounts/search?domain=example.com&type=holding',
      token,
    );
    expect(holding.body.accounts).toEqual([]);
  });

  it('GET v2/accounts lists accountName, accountDomain, accountStatus, accountType and roles', async () => {
    const r = await send(t, 'GET', '/v2/accounts', token);
    expect(r.body).toEqual({
      status: 'SUCCESS',
      statusMessage: '',
      accounts: [
        {
          accountName: 'Example Corp',
          accountDomain: 'example.com',
          accountStatus: 'Active',
          accountType: 'CUSTOMER',
          roles: [{ role: 'Smart Account User' }],
        },
      ],
    });
  });
});

describe('Virtual Accounts: list with either case of the account type, and create', () => {
  let token: string;
  beforeAll(async () => {
    token = await accessToken(t, await apiClient(t, await demoSandbox(t)));
  });

  it.each(['CUSTOMER', 'customer', 'HOLDING', 'holding'])(
    'GET v1/accounts/example.com/%s/virtual-accounts',
    async (type) => {
      // The Go client sends Content-Type: application/json on this GET, with no body.
      const r = await t.app.inject({
        method: 'GET',
        url: `${API}/v1/accounts/example.com/${type}/virtual-accounts`,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'content-type': 'application/json',
        },
      });
      expect(r.statusCode).toBe(200);
      expect(JSON.parse(r.body)).toEqual({
        status: 'SUCCESS',
        statusMessage: '',
        virtualAccounts: [
          { name: 'Default', description: '', isDefault: 'true', commerceAccessLevel: 'PUBLIC' },
          { name: 'Lab', description: '', isDefault: 'false', commerceAccessLevel: 'PUBLIC' },
        ],
      });
    },
  );

  it('the Smart Account name works where the domain goes (a script passes it URL-encoded)', async () => {
    const r = await send<{ virtualAccounts: unknown[] }>(
      t,
      'GET',
      '/v1/accounts/Example%20Corp/CUSTOMER/virtual-accounts',
      token,
    );
    expect(r.status).toBe(200);
    expect(r.body.virtualAccounts).toHaveLength(2);
  });

  it('POST {name, description, isDefault: "false", commerceAccessLevel: "PUBLIC"} creates one', async () => {
    const r = await send(t, 'POST', '/v1/accounts/example.com/CUSTOMER/virtual-accounts', token, {
      name: 'Branch 12',
      description: 'Branch office VPN',
      isDefault: 'false',
      commerceAccessLevel: 'PUBLIC',
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'SUCCESS',
      statusMessage: 'Virtual Account Branch 12 created',
      virtualAccount: {
        name: 'Branch 12',
        description: 'Branch office VPN',
        isDefault: 'false',
        commerceAccessLevel: 'PUBLIC',
      },
    });
    const list = await send<{ virtualAccounts: Array<{ name: string }> }>(
      t,
      'GET',
      '/v1/accounts/example.com/customer/virtual-accounts',
      token,
    );
    expect(list.body.virtualAccounts.map((v) => v.name)).toEqual(['Branch 12', 'Default', 'Lab']);
  });

  it('a new default Virtual Account takes the flag; a duplicate name is refused and changes nothing', async () => {
    const made = await send(t, 'POST', '/v1/accounts/example.com/customer/virtual-accounts', token, {
      name: 'Prod',
      isDefault: true,
      commerceAccessLevel: 'private',
    });
    expect(made.status).toBe(200);
    const before = await send<{ virtualAccounts: Array<{ name: string; isDefault: string }> }>(
      t,
      'GET',
      '/v1/accounts/example.com/customer/virtual-accounts',
      token,
    );
    expect(before.body.virtualAccounts.filter((v) => v.isDefault === 'true').map((v) => v.name)).toEqual([
      'Prod',
    ]);
    const dup = await send(t, 'POST', '/v1/accounts/example.com/customer/virtual-accounts', token, {
      name: 'prod',
    });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({
      status: 'ERROR',
      statusMessage: 'name: Smart Account example.com already has a Virtual Account named prod',
      errorCode: 'VIRTUAL_ACCOUNT_EXISTS',
    });
    expect((await send(t, 'GET', '/v1/accounts/example.com/customer/virtual-accounts', token)).body).toEqual(
      before.body,
    );
  });
});

describe('Licenses: portal entitlements in the Virtual Accounts, with limit and offset', () => {
  let sandbox: string;
  let token: string;
  beforeAll(async () => {
    sandbox = await demoSandbox(t);
    // Registration step 1 with a Smart Account, and the FTD sharing request completed a day later.
    await registerToSmartAccount(t, sandbox, 'DEMOPLS0026', 'Default', 'JAD222605K8');
    const request = await t.call('POST', '/api/v1/smart-account-requests', {
      token: await userToken(t, sandbox, 'jdoe'),
      body: { smartAccount: 'example.com', virtualAccount: 'Lab', pak: 'DEMOAPX0102', licenseType: 'Apex' },
    });
    expect(request.status).toBe(202);
    await advance(t, sandbox, '1d');
    token = await accessToken(t, await apiClient(t, sandbox));
  });

  it('POST v1/accounts/{domain}/licenses {virtualAccounts, limit, offset} reads quantity, inUse, available, status, licenseDetails', async () => {
    const r = await send<Licenses>(t, 'POST', '/v1/accounts/example.com/licenses', token, {
      virtualAccounts: ['Default'],
      limit: 50,
      offset: 0,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'SUCCESS',
      statusMessage: '',
      totalRecords: 1,
      licenses: [
        {
          license: 'AnyConnect Plus',
          quantity: 26,
          inUse: 0,
          available: 26,
          status: 'In Compliance',
          billingType: 'PREPAID',
          pendingQuantity: 0,
          reserved: 0,
          isPortable: false,
          ahaApps: false,
          licenseSubstitutions: [],
          licenseDetails: [
            {
              licenseType: 'TERM',
              quantity: 26,
              startDate: '2026-03-01',
              endDate: '2027-04-01',
              subscriptionId: '',
              status: 'ACTIVE',
            },
          ],
          virtualAccount: 'Default',
        },
      ],
    });
  });

  it('the FTD Smart License Sharing Request delivers AnyConnect Apex to Lab', async () => {
    const r = await send<Licenses>(t, 'POST', '/v1/accounts/example.com/licenses', token, {
      virtualAccounts: ['Lab'],
      limit: 50,
      offset: 0,
    });
    expect(r.body.licenses.map((l) => [l.license, l.quantity, l.licenseDetails[0]?.licenseType])).toEqual([
      ['AnyConnect Apex', 102, 'TERM'],
    ]);
  });

  it('numbers are numbers', async () => {
    const r = await send<Licenses>(t, 'POST', '/v1/accounts/example.com/licenses', token, {});
    for (const l of r.body.licenses) {
      for (const v of [l.quantity, l.inUse, l.available, ...l.licenseDetails.map((d) => d.quantity)])
        expect(typeof v).toBe('number');
    }
    expect(typeof r.body.totalRecords).toBe('number');
  });

  it("the Go client's paging loop (limit 1) collects every record once, in a stable order", async () => {
    const all = await send<Licenses>(t, 'POST', '/v1/accounts/example.com/licenses', token, {
      virtualAccounts: [],
    });
    expect(all.body.totalRecords).toBe(2);
    const seen: string[] = [];
    for (let offset = 0, limit = 1; ; offset += limit) {
      const page = await send<Licenses>(t, 'POST', '/v1/accounts/example.com/licenses', token, {
        virtualAccounts: ['Default', 'Lab'],
        limit,
        offset,
      });
      seen.push(...page.body.licenses.map((l) => `${l.virtualAccount}/${l.license}`));
      if (offset + limit >= page.body.totalRecords) break;
    }
    expect(seen).toEqual(['Default/AnyConnect Plus', 'Lab/AnyConnect Apex']);
    expect(all.body.licenses.map((l) => `${l.virtualAccount}/${l.license}`)).toEqual(seen);
  });

  it('an unknown Virtual Account in the list is refused, naming it', async () => {
    const r = await send(t, 'POST', '/v1/accounts/example.com/licenses', token, {
      virtualAccounts: ['Default', 'Prod'],
    });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      status: 'ERROR',
      statusMessage: 'virtualAccounts[1]: Smart Account example.com has no Virtual Account named Prod',
      errorCode: 'VIRTUAL_ACCOUNT_NOT_FOUND',
    });
  });

  it('licenses whose term ended no longer count; the line shows EXPIRED', async () => {
    const id = await demoSandbox(t);
    await registerToSmartAccount(t, id, 'DEMOPLS0026', 'Default', 'JAD222605K8');
    await advance(t, id, '400d');
    const later = await accessToken(t, await apiClient(t, id));
    const r = await send<Licenses>(t, 'POST', '/v1/accounts/example.com/licenses', later, {});
    expect(r.body.licenses[0]).toMatchObject({ license: 'AnyConnect Plus', quantity: 0, available: 0 });
    expect(r.body.licenses[0]?.licenseDetails[0]?.status).toBe('EXPIRED');
  });
});

describe('Registration tokens: create with either exportControlled value, then list', () => {
  let token: string;
  beforeAll(async () => {
    token = await accessToken(t, await apiClient(t, await demoSandbox(t), { ccoId: 'jdoe' }));
  });

  it.each([
    ['Allowed', 'devregtoken', 1],
    ['Not Allowed', 'lab ASAv', 30],
  ])(
    'POST …/virtual-accounts/Default/tokens with exportControlled %s',
    async (exportControlled, description, days) => {
      const r = await send<{ status: string; tokenInfo: Record<string, unknown> }>(
        t,
        'POST',
        '/v1/accounts/example.com/virtual-accounts/Default/tokens',
        token,
        { description, expiresAfterDays: days, exportControlled },
      );
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('SUCCESS');
      expect(r.body.tokenInfo).toEqual({
        token: expect.stringMatching(/^[A-Za-z0-9]{88}$/),
        description,
        expiresAfterDays: days,
        expirationDate: new Date(Date.parse('2026-03-02T09:00:00.000Z') + days * 86_400_000).toISOString(),
        exportControlled,
        createdBy: 'jdoe',
        virtualAccountName: 'Default',
      });
    },
  );

  it('GET …/tokens: the script takes tokens[0].token; expired tokens drop out', async () => {
    const id = await demoSandbox(t);
    const fresh = await accessToken(t, await apiClient(t, id));
    await send(t, 'POST', '/v1/accounts/example.com/virtual-accounts/Lab/tokens', fresh, {
      expiresAfterDays: 1,
    });
    await send(t, 'POST', '/v1/accounts/example.com/virtual-accounts/Lab/tokens', fresh, {
      expiresAfterDays: 3,
    });
    const list = await send<{
      tokens: Array<{ token: string; expiresAfterDays: number; createdBy: string }>;
    }>(t, 'GET', '/v1/accounts/example.com/virtual-accounts/Lab/tokens', fresh);
    expect(list.body.tokens.map((x) => x.expiresAfterDays)).toEqual([1, 3]);
    expect(typeof list.body.tokens[0]?.token).toBe('string');
    expect(list.body.tokens[0]?.createdBy).toBe('API client');
    await advance(t, id, '2d');
    const later = await accessToken(t, await apiClient(t, id));
    const after = await send<{ tokens: Array<{ expiresAfterDays: number }> }>(
      t,
      'GET',
      '/v1/accounts/example.com/virtual-accounts/Lab/tokens',
      later,
    );
    expect(after.body.tokens.map((x) => x.expiresAfterDays)).toEqual([3]);
  });

  it('a bad exportControlled or expiresAfterDays is refused and creates nothing', async () => {
    const before = await send(t, 'GET', '/v1/accounts/example.com/virtual-accounts/Lab/tokens', token);
    const bad = await send(t, 'POST', '/v1/accounts/example.com/virtual-accounts/Lab/tokens', token, {
      exportControlled: 'Sometimes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      status: 'ERROR',
      statusMessage: 'exportControlled: must be "Allowed" or "Not Allowed", not "Sometimes"',
      errorCode: 'INVALID_EXPORT_CONTROLLED',
    });
    const days = await send(t, 'POST', '/v1/accounts/example.com/virtual-accounts/Lab/tokens', token, {
      expiresAfterDays: 400,
    });
    expect(days.body.statusMessage).toBe('expiresAfterDays: a token expires after 1 to 365 days, not 400');
    expect(
      (await send(t, 'GET', '/v1/accounts/example.com/virtual-accounts/Lab/tokens', token)).body,
    ).toEqual(before.body);
  });
});

describe('Devices registered with a token consume licenses (inUse) and are listed', () => {
  let sandbox: string;
  let token: string;
  let idToken: string;
  beforeAll(async () => {
    sandbox = await demoSandbox(t);
    await registerToSmartAccount(t, sandbox, 'DEMOPLS0026', 'Default', 'JAD222605K8');
    token = await accessToken(t, await apiClient(t, sandbox));
    const created = await send<{ tokenInfo: { token: string } }>(
      t,
      'POST',
      '/v1/accounts/example.com/virtual-accounts/Default/tokens',
      token,
      { description: 'asav', expiresAfterDays: 30, exportControlled: 'Allowed' },
    );
    idToken = created.body.tokenInfo.token;
  });

  const plus = async () =>
    (
      await send<Licenses>(t, 'POST', '/v1/accounts/example.com/licenses', token, {
        virtualAccounts: ['Default'],
      })
    ).body.licenses[0];

  it('an ASAv registering with the token for 20 AnyConnect Plus uses 20 of 26', async () => {
    const r = await registerDevice(t, sandbox, {
      idToken,
      serial: '9AH1JBQ6DQL',
      hostname: 'asav-edge-1',
      licenses: [{ license: 'AnyConnect Plus', quantity: 20 }],
    });
    expect(r.status).toBe(201);
    expect(await plus()).toMatchObject({ quantity: 26, inUse: 20, available: 6, status: 'In Compliance' });
  });

  it('GET licensing/v2/accounts/{domain}/devices?virtualAccountName=&instanceName=&limit=50&offset=0', async () => {
    const r = await send<{ status: string; totalRecords: number; devices: Array<Record<string, unknown>> }>(
      t,
      'GET',
      '/licensing/v2/accounts/example.com/devices?virtualAccountName=Default&instanceName=9AH1JBQ6DQL&limit=50&offset=0',
      token,
    );
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('SUCCESS');
    expect(r.body.totalRecords).toBe(1);
    expect(r.body.devices[0]).toEqual({
      instanceName: 'asav-edge-1',
      hostname: 'asav-edge-1',
      productName: 'Cisco ASAv',
      productTagName: 'regid.2015-10.com.cisco.ASAv,1.0',
      productType: 'ASA',
      sudi: { udiPid: 'ASAv', udiSerialNumber: '9AH1JBQ6DQL' },
      smartAccountDomain: 'example.com',
      virtualAccountName: 'Default',
      status: 'REGISTERED',
      exportControlAllowed: true,
      registrationDate: '2026-03-02T09:00:00.000Z',
      lastContactDate: '2026-03-02T09:00:00.000Z',
      licenses: [{ license: 'AnyConnect Plus', quantity: 20 }],
    });
    const lab = await send<{ devices: unknown[] }>(
      t,
      'GET',
      '/licensing/v2/accounts/example.com/devices?virtualAccountName=Lab',
      token,
    );
    expect(lab.body.devices).toEqual([]);
  });

  it('using more than the Virtual Account holds is Out of Compliance, with a negative available', async () => {
    await registerDevice(t, sandbox, {
      idToken,
      serial: '9AH1JBQ6DQM',
      licenses: [{ license: 'AnyConnect Plus', quantity: 10 }],
    });
    expect(await plus()).toMatchObject({
      quantity: 26,
      inUse: 30,
      available: -4,
      status: 'Out of Compliance',
    });
    const gone = await t.call('DELETE', `/__admin/sandboxes/${sandbox}/smart-devices/9AH1JBQ6DQM`);
    expect(gone.status).toBe(204);
    expect(await plus()).toMatchObject({ inUse: 20, available: 6, status: 'In Compliance' });
  });

  it('a device registered already needs force to move; an unknown or expired token is refused', async () => {
    const again = await registerDevice(t, sandbox, { idToken, serial: '9AH1JBQ6DQL' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: {
        code: 'DEVICE_ALREADY_REGISTERED',
        message:
          'serial: 9AH1JBQ6DQL is already registered to Virtual Account Default; register with force to move it',
      },
    });
    const unknown = await registerDevice(t, sandbox, { idToken: 'nope', serial: 'JAD000000X1' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'ID_TOKEN_INVALID' } });
    expect(await plus()).toMatchObject({ inUse: 20 });
  });
});

describe('License transfers between Virtual Accounts', () => {
  let sandbox: string;
  let token: string;
  beforeAll(async () => {
    sandbox = await demoSandbox(t);
    await registerToSmartAccount(t, sandbox, 'DEMOPLS0026', 'Default', 'JAD222605K8');
    token = await accessToken(t, await apiClient(t, sandbox));
  });

  const byVa = async () =>
    Object.fromEntries(
      (await send<Licenses>(t, 'POST', '/v1/accounts/example.com/licenses', token, {})).body.licenses.map(
        (l) => [
          `${l.virtualAccount}/${l.license}`,
          [l.quantity, l.licenseDetails.map((d) => [d.licenseType, d.quantity, d.startDate, d.endDate])],
        ],
      ),
    );

  it('the transfer script body {license, licenseType, quantity, targetVirtualAccount} moves quantity', async () => {
    const r = await send(
      t,
      'POST',
      '/v1/accounts/example.com/virtual-accounts/Default/licenses/transfer',
      token,
      {
        licenses: [
          { license: 'AnyConnect Plus', licenseType: 'TERM', quantity: 10, targetVirtualAccount: 'Lab' },
        ],
      },
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'SUCCESS',
      statusMessage: '1 license transfer(s) from Virtual Account Default completed',
      licenses: [
        {
          license: 'AnyConnect Plus',
          licenseType: 'TERM',
          quantity: 10,
          sourceVirtualAccount: 'Default',
          targetVirtualAccount: 'Lab',
          status: 'SUCCESS',
        },
      ],
    });
    expect(await byVa()).toEqual({
      'Default/AnyConnect Plus': [16, [['TERM', 16, '2026-03-01', '2027-04-01']]],
      'Lab/AnyConnect Plus': [10, [['TERM', 10, '2026-03-01', '2027-04-01']]],
    });
  });

  it('with precedence LONGEST_TERM_FIRST, back again', async () => {
    const r = await send<{ status: string }>(
      t,
      'POST',
      '/v1/accounts/example.com/virtual-accounts/Lab/licenses/transfer',
      token,
      {
        licenses: [
          {
            license: 'AnyConnect Plus',
            licenseType: 'TERM',
            quantity: 4,
            targetVirtualAccount: 'Default',
            precedence: 'LONGEST_TERM_FIRST',
          },
        ],
      },
    );
    expect(r.body.status).toBe('SUCCESS');
    expect((await byVa())['Lab/AnyConnect Plus']?.[0]).toBe(6);
  });

  it('more than available is refused with status ERROR (the script checks it) and nothing moves', async () => {
    const before = await byVa();
    const r = await send(
      t,
      'POST',
      '/v1/accounts/example.com/virtual-accounts/Default/licenses/transfer',
      token,
      {
        licenses: [
          { license: 'AnyConnect Plus', licenseType: 'TERM', quantity: 1, targetVirtualAccount: 'Lab' },
          { license: 'AnyConnect Plus', licenseType: 'TERM', quantity: 20, targetVirtualAccount: 'Lab' },
        ],
      },
    );
    expect(r.status).toBe(409);
    expect(r.body).toEqual({
      status: 'ERROR',
      statusMessage:
        'licenses[1].quantity: cannot transfer 20 AnyConnect Plus (TERM) from Virtual Account Default; 19 available',
      errorCode: 'QUANTITY_NOT_AVAILABLE',
    });
    expect(await byVa()).toEqual(before);
  });

  it('licenses in use by devices stay put', async () => {
    const idToken = (
      await send<{ tokenInfo: { token: string } }>(
        t,
        'POST',
        '/v1/accounts/example.com/virtual-accounts/Lab/tokens',
        token,
        {},
      )
    ).body.tokenInfo.token;
    await registerDevice(t, sandbox, {
      idToken,
      serial: 'FTD00000001',
      licenses: [{ license: 'AnyConnect Plus', quantity: 5 }],
    });
    const r = await send(
      t,
      'POST',
      '/v1/accounts/example.com/virtual-accounts/Lab/licenses/transfer',
      token,
      {
        licenses: [{ license: 'AnyConnect Plus', quantity: 2, targetVirtualAccount: 'Default' }],
      },
    );
    expect(r.body.statusMessage).toBe(
      'licenses[0].quantity: cannot transfer 2 AnyConnect Plus from Virtual Account Lab; 1 available',
    );
  });

  it('an unknown target or the same Virtual Account is refused, naming the field', async () => {
    const unknown = await send(
      t,
      'POST',
      '/v1/accounts/example.com/virtual-accounts/Default/licenses/transfer',
      token,
      {
        licenses: [{ license: 'AnyConnect Plus', quantity: 1, targetVirtualAccount: 'Prod' }],
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.statusMessage).toBe(
      'licenses[0].targetVirtualAccount: Smart Account example.com has no Virtual Account named Prod',
    );
    const same = await send(
      t,
      'POST',
      '/v1/accounts/example.com/virtual-accounts/Default/licenses/transfer',
      token,
      {
        licenses: [{ license: 'AnyConnect Plus', quantity: 1, targetVirtualAccount: 'Default' }],
      },
    );
    expect(same.status).toBe(400);
    expect(same.body.errorCode).toBe('SAME_VIRTUAL_ACCOUNT');
  });
});

describe('Pagination is stable', () => {
  it('devices: pages of 2 add up to the whole list, oldest registration first, the same on every call', async () => {
    const sandbox = await demoSandbox(t);
    const token = await accessToken(t, await apiClient(t, sandbox));
    const idToken = (
      await send<{ tokenInfo: { token: string } }>(
        t,
        'POST',
        '/v1/accounts/example.com/virtual-accounts/Lab/tokens',
        token,
        {},
      )
    ).body.tokenInfo.token;
    const serials = ['FTDZ0000005', 'FTDA0000001', 'FTDM0000003', 'FTDB0000002', 'FTDC0000004'];
    for (const serial of serials) await registerDevice(t, sandbox, { idToken, serial });
    type Devices = { totalRecords: number; devices: Array<{ sudi: { udiSerialNumber: string } }> };
    const pages: string[] = [];
    for (let offset = 0; offset < 5; offset += 2) {
      const page = await send<Devices>(
        t,
        'GET',
        `/licensing/v2/accounts/example.com/devices?virtualAccountName=Lab&limit=2&offset=${offset}`,
        token,
      );
      expect(page.body.totalRecords).toBe(5);
      pages.push(...page.body.devices.map((d) => d.sudi.udiSerialNumber));
    }
    expect(pages).toEqual(serials);
    const again = await send<Devices>(t, 'GET', '/licensing/v2/accounts/example.com/devices?limit=5', token);
    expect(again.body.devices.map((d) => d.sudi.udiSerialNumber)).toEqual(serials);
  });
});

describe('A registration token stops registering devices when it expires', () => {
  it('an expired token is refused and registers nothing; deregistering an unknown serial is a 404', async () => {
    const sandbox = await demoSandbox(t);
    const token = await accessToken(t, await apiClient(t, sandbox));
    const idToken = (
      await send<{ tokenInfo: { token: string } }>(
        t,
        'POST',
        '/v1/accounts/example.com/virtual-accounts/Lab/tokens',
        token,
        {
          expiresAfterDays: 1,
        },
      )
    ).body.tokenInfo.token;
    await advance(t, sandbox, '1d');
    const r = await registerDevice(t, sandbox, { idToken, serial: '9AH1JBQ6DQL' });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      error: {
        code: 'ID_TOKEN_EXPIRED',
        message: 'idToken: the registration token expired at 2026-03-03T09:00:00.000Z',
        details: { field: 'idToken' },
      },
    });
    const later = await accessToken(t, await apiClient(t, sandbox));
    const devices = await send<{ totalRecords: number }>(
      t,
      'GET',
      '/licensing/v2/accounts/example.com/devices',
      later,
    );
    expect(devices.body.totalRecords).toBe(0);
    const gone = await t.call<{ error: { code: string } }>(
      'DELETE',
      `/__admin/sandboxes/${sandbox}/smart-devices/9AH1JBQ6DQL`,
    );
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('DEVICE_NOT_REGISTERED');
  });
});
