import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { advance, buildTestApp, ManualTime, sandboxWithUsers, type TestApp } from '../helpers/build.js';
import {
  accessToken,
  API,
  apiClient,
  demoSandbox,
  registerToSmartAccount,
  send,
  type Client,
} from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** Every Smart Software Manager API route, as a client would call it against example.com. */
const ROUTES: Array<[method: 'GET' | 'POST', path: string, body?: unknown]> = [
  ['GET', '/v1/accounts/search?domain=example.com'],
  ['GET', '/v2/accounts'],
  ['GET', '/v1/accounts/example.com/CUSTOMER/virtual-accounts'],
  ['POST', '/v1/accounts/example.com/customer/virtual-accounts', { name: 'New VA' }],
  ['POST', '/v1/accounts/example.com/licenses', { virtualAccounts: ['Default'], limit: 50, offset: 0 }],
  ['GET', '/v1/accounts/example.com/virtual-accounts/Default/tokens'],
  ['POST', '/v1/accounts/example.com/virtual-accounts/Default/tokens', { description: 'x' }],
  [
    'POST',
    '/v1/accounts/example.com/virtual-accounts/Default/licenses/transfer',
    { licenses: [{ license: 'AnyConnect Plus', quantity: 1, targetVirtualAccount: 'Lab' }] },
  ],
  ['GET', '/licensing/v2/accounts/example.com/devices?virtualAccountName=Default&limit=50&offset=0'],
];

describe('Every Smart Software Manager route needs a valid bearer token', () => {
  let sandbox: string;
  let client: Client;
  beforeAll(async () => {
    sandbox = await demoSandbox(t);
    client = await apiClient(t, sandbox);
  });

  it.each(ROUTES)('%s %s without a token: 401 in the Cisco error shape', async (method, path, body) => {
    const r = await send(t, method, path, null, body);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      status: 'ERROR',
      statusMessage: 'Send Authorization: Bearer <access token> (POST /as/token.oauth2 gives one)',
      errorCode: 'UNAUTHORIZED',
    });
    expect(r.headers['www-authenticate']).toBe(
      'Bearer realm="Smart Software Manager", error="invalid_token"',
    );
  });

  it.each(ROUTES)('%s %s with a made-up or portal token: 401 INVALID_TOKEN', async (method, path, body) => {
    for (const token of [`${client.clientId}.forged`, 'nonsense', 'lps_abc']) {
      const r = await send(t, method, path, token, body);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        status: 'ERROR',
        statusMessage: 'The access token is not valid',
        errorCode: 'INVALID_TOKEN',
      });
    }
  });

  it.each(ROUTES)(
    '%s %s after the token expired on the sandbox clock: 401 TOKEN_EXPIRED',
    async (method, path, body) => {
      const id = await demoSandbox(t);
      const token = await accessToken(t, await apiClient(t, id));
      await advance(t, id, '59m');
      expect((await send(t, 'GET', '/v2/accounts', token)).status).toBe(200);
      await advance(t, id, '1m');
      const r = await send(t, method, path, token, body);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        status: 'ERROR',
        statusMessage:
          'The access token expired at 2026-03-02T10:00:00.000Z (sandbox clock); request a new one',
        errorCode: 'TOKEN_EXPIRED',
      });
    },
  );

  it('the token is checked first: a bad body or an unknown path without a token is a 401 too', async () => {
    const body = await send(
      t,
      'POST',
      '/v1/accounts/example.com/virtual-accounts/Default/licenses/transfer',
      null,
      {
        licenses: 'all',
      },
    );
    expect(body.status).toBe(401);
    expect((await send(t, 'GET', '/v1/nothing', null)).status).toBe(401);
  });

  it('deleting the API client ends its tokens and its credentials', async () => {
    const c = await apiClient(t, sandbox);
    const token = await accessToken(t, c);
    expect((await t.call('DELETE', `/__admin/sandboxes/${sandbox}/api-clients/${c.clientId}`)).status).toBe(
      204,
    );
    expect((await send(t, 'GET', '/v2/accounts', token)).status).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: `/as/token.oauth2?grant_type=client_credentials&client_id=${c.clientId}&client_secret=${c.clientSecret}`,
    });
    expect(again.statusCode).toBe(401);
    const listed = await t.call<{ apiClients: Array<{ clientId: string }> }>(
      'GET',
      `/__admin/sandboxes/${sandbox}/api-clients`,
    );
    expect(listed.body.apiClients.map((x) => x.clientId)).toEqual([client.clientId]);
  });
});

describe('An API client reaches only its own sandbox', () => {
  let a: string;
  let b: string;
  let tokenA: string;
  let tokenB: string;
  beforeAll(async () => {
    a = await demoSandbox(t);
    b = await demoSandbox(t);
    await registerToSmartAccount(t, a, 'DEMOPLS0026', 'Default', 'JAD222605K8');
    tokenA = await accessToken(t, await apiClient(t, a));
    tokenB = await accessToken(t, await apiClient(t, b));
  });

  it("sandbox B has its own example.com: sandbox A's licenses, tokens and Virtual Accounts are not there", async () => {
    await send(t, 'POST', '/v1/accounts/example.com/virtual-accounts/Default/tokens', tokenA, {
      description: 'in A',
    });
    await send(t, 'POST', '/v1/accounts/example.com/CUSTOMER/virtual-accounts', tokenA, {
      name: 'Only in A',
    });
    const licensesA = await send<{ totalRecords: number }>(
      t,
      'POST',
      '/v1/accounts/example.com/licenses',
      tokenA,
      {},
    );
    const licensesB = await send<{ totalRecords: number }>(
      t,
      'POST',
      '/v1/accounts/example.com/licenses',
      tokenB,
      {},
    );
    expect([licensesA.body.totalRecords, licensesB.body.totalRecords]).toEqual([1, 0]);
    const tokensB = await send<{ tokens: unknown[] }>(
      t,
      'GET',
      '/v1/accounts/example.com/virtual-accounts/Default/tokens',
      tokenB,
    );
    expect(tokensB.body.tokens).toEqual([]);
    const vasB = await send<{ virtualAccounts: Array<{ name: string }> }>(
      t,
      'GET',
      '/v1/accounts/example.com/CUSTOMER/virtual-accounts',
      tokenB,
    );
    expect(vasB.body.virtualAccounts.map((v) => v.name)).toEqual(['Default', 'Lab']);
  });

  it('a registration token of sandbox A does not register a device in sandbox B', async () => {
    const idToken = (
      await send<{ tokenInfo: { token: string } }>(
        t,
        'POST',
        '/v1/accounts/example.com/virtual-accounts/Default/tokens',
        tokenA,
        {},
      )
    ).body.tokenInfo.token;
    const r = await t.call<{ error: { code: string } }>('POST', `/__admin/sandboxes/${b}/smart-devices`, {
      body: { idToken, serial: 'JAD222605K8' },
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('ID_TOKEN_INVALID');
  });

  it('a sandbox without Smart Accounts answers 404 for every account route', async () => {
    const empty = await sandboxWithUsers(t);
    const token = await accessToken(t, await apiClient(t, empty.sandbox));
    for (const [method, path, body] of ROUTES.slice(2)) {
      const r = await send(t, method, path, token, body);
      expect(r.status, path).toBe(404);
      expect(r.body).toEqual({
        status: 'ERROR',
        statusMessage: 'Smart Account example.com does not exist or this API client has no access to it',
        errorCode: 'SMART_ACCOUNT_NOT_FOUND',
      });
    }
    expect((await send<{ accounts: unknown[] }>(t, 'GET', '/v2/accounts', token)).body.accounts).toEqual([]);
  });

  it("a client bound to a user sees only that user's Smart Accounts", async () => {
    const id = await demoSandbox(t);
    await t.call('POST', `/__admin/sandboxes/${id}/users`, {
      body: { ccoId: 'outsider', email: 'out@example.net', name: 'Out Sider' },
    });
    const token = await accessToken(t, await apiClient(t, id, { ccoId: 'outsider' }));
    expect((await send(t, 'GET', '/v1/accounts/example.com/customer/virtual-accounts', token)).status).toBe(
      404,
    );
    expect(
      (await send<{ totalRecords: number }>(t, 'GET', '/v1/accounts/search?domain=example', token)).body
        .totalRecords,
    ).toBe(0);
  });
});

describe('Errors on the Smart Software Manager paths keep the Cisco shape', () => {
  let token: string;
  beforeAll(async () => {
    token = await accessToken(t, await apiClient(t, await demoSandbox(t)));
  });

  it('an unknown path under the API prefix is a 404 RESOURCE_NOT_FOUND', async () => {
    const r = await send(t, 'GET', '/v1/accounts/example.com/nothing-here', token);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      status: 'ERROR',
      statusMessage: `No API resource GET ${API}/v1/accounts/example.com/nothing-here`,
      errorCode: 'RESOURCE_NOT_FOUND',
    });
  });

  it('a wrong type names the field; malformed JSON is INVALID_JSON; a bad account type is refused', async () => {
    const wrong = await send(t, 'POST', '/v1/accounts/example.com/licenses', token, { limit: '50' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({
      status: 'ERROR',
      statusMessage: 'limit: must be integer',
      errorCode: 'VALIDATION_ERROR',
    });
    const bad = await t.app.inject({
      method: 'POST',
      url: `${API}/v1/accounts/example.com/licenses`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"limit": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ status: 'ERROR', errorCode: 'INVALID_JSON' });
    const type = await send(t, 'GET', '/v1/accounts/example.com/partner/virtual-accounts', token);
    expect(type.status).toBe(400);
    expect(type.body).toEqual({
      status: 'ERROR',
      statusMessage: 'accountType: the account type is CUSTOMER or HOLDING, not partner',
      errorCode: 'INVALID_ACCOUNT_TYPE',
    });
  });

  it('what the router refuses before a route runs: a path parameter over 100 characters, a broken %-escape', async () => {
    const long = await send(t, 'GET', `/v1/accounts/${'x'.repeat(101)}/licenses`, token);
    expect(long.status).toBe(414);
    expect(long.body).toEqual({
      status: 'ERROR',
      statusMessage: 'A path parameter is longer than 100 characters',
      errorCode: 'PATH_PARAMETER_TOO_LONG',
    });
    const escape = await send(t, 'GET', '/v1/accounts/%E0%A4%A/CUSTOMER/virtual-accounts', token);
    expect(escape.status).toBe(400);
    expect(escape.body).toMatchObject({ status: 'ERROR', errorCode: 'BAD_URL' });
  });

  it('limit above 1000 is refused', async () => {
    const r = await send(t, 'GET', '/licensing/v2/accounts/example.com/devices?limit=1001', token);
    expect(r.body).toEqual({
      status: 'ERROR',
      statusMessage: 'limit: must be a whole number from 1 to 1000',
      errorCode: 'INVALID_LIMIT',
    });
  });

  it('the portal keeps its own error shape', async () => {
    const r = await t.call<{ error: { code: string } }>('GET', '/api/v1/nothing');
    expect(r.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('The token endpoints answer RFC 6749 errors and store nothing when they refuse', () => {
  let sandbox: string;
  let client: Client;
  const tokenRows = () =>
    t.context.sandboxes.open(sandbox).store.db.prepare('SELECT count(*) AS n FROM cssm_access_tokens').get();
  beforeAll(async () => {
    sandbox = await demoSandbox(t);
    client = await apiClient(t, sandbox);
  });

  it.each([
    [
      'no credentials',
      'grant_type=client_credentials',
      401,
      'invalid_client',
      'client_id and client_secret are required',
    ],
    [
      'an unknown client',
      'grant_type=client_credentials&client_id=nobody&client_secret=x',
      401,
      'invalid_client',
      'Invalid client or Invalid client credentials',
    ],
    [
      'no grant_type',
      'client_id=CID&client_secret=SECRET',
      400,
      'invalid_request',
      'grant_type is required (client_credentials)',
    ],
    [
      'an authorization_code grant',
      'grant_type=authorization_code&client_id=CID&client_secret=SECRET',
      400,
      'unsupported_grant_type',
      'grant_type authorization_code is not supported; use client_credentials',
    ],
    [
      'a password grant for an unknown user',
      'grant_type=password&username=ghost&password=x&client_id=CID&client_secret=SECRET',
      400,
      'invalid_grant',
      'Invalid username or password',
    ],
  ])('%s', async (_what, form, status, error, description) => {
    const before = tokenRows();
    const r = await t.app.inject({
      method: 'POST',
      url: '/as/token.oauth2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.replace('CID', client.clientId).replace('SECRET', client.clientSecret),
    });
    expect(r.statusCode).toBe(status);
    expect(JSON.parse(r.body)).toEqual({ error, error_description: description });
    expect(tokenRows()).toEqual(before);
  });

  it('a malformed JSON body is invalid_request', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/oauth2/default/v1/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"client_id":',
    });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'invalid_request' });
  });
});

describe('Client secrets stay out of the log', () => {
  it('a token request with the secret in the query string logs no URL', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { app, boot } = await buildApp({
      dataDir: ':memory:',
      adminToken: null,
      seed: 'demo',
      time: new ManualTime(),
      logger: { level: 'info', stream },
    });
    await boot();
    try {
      const made = await app.inject({
        method: 'POST',
        url: '/__admin/sandboxes/default/api-clients',
        payload: {},
      });
      const client = JSON.parse(made.body) as Client;
      const r = await app.inject({
        method: 'POST',
        url: `/as/token.oauth2?grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
      });
      expect(r.statusCode).toBe(200);
      const log = lines.join('');
      expect(log).toContain('/__admin/sandboxes/default/api-clients');
      expect(log).not.toContain(client.clientSecret);
    } finally {
      await app.close();
    }
  });
});

describe('API clients in the control plane', () => {
  it('an unknown user is refused and no client is made', async () => {
    const sandbox = await demoSandbox(t);
    const r = await t.call<{ error: { code: string; message: string } }>(
      'POST',
      `/__admin/sandboxes/${sandbox}/api-clients`,
      {
        body: { ccoId: 'ghost' },
      },
    );
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({
      code: 'USER_NOT_FOUND',
      message: `ccoId: no user ghost in sandbox ${sandbox}`,
    });
    const list = await t.call<{ apiClients: unknown[] }>('GET', `/__admin/sandboxes/${sandbox}/api-clients`);
    expect(list.body.apiClients).toEqual([]);
  });

  it('the list shows no secrets', async () => {
    const sandbox = await demoSandbox(t);
    const c = await apiClient(t, sandbox, { name: 'ci', ccoId: 'asmith' });
    const list = await t.call<{ apiClients: unknown[] }>('GET', `/__admin/sandboxes/${sandbox}/api-clients`);
    expect(list.body.apiClients).toEqual([
      { clientId: c.clientId, name: 'ci', ccoId: 'asmith', createdAt: '2026-03-02T09:00:00.000Z' },
    ]);
  });

  it('with ADMIN_TOKEN set, creating an API client needs it', async () => {
    const guarded = await buildTestApp({ adminToken: 'a-very-long-admin-token' });
    try {
      const r = await guarded.call('POST', '/__admin/sandboxes/default/api-clients', { body: {} });
      expect(r.status).toBe(401);
    } finally {
      await guarded.close();
    }
  });
});
