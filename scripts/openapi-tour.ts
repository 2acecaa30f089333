/**
 * Calls every operation of the API, successes and typical refusals, against a deterministic server (a
 * fixed wall clock, a seeded random source), and records the bodies as the OpenAPI examples. Run by
 * `npm run openapi`; a test runs it again and compares with openapi/examples.json.
 */
import { createHash } from 'node:crypto';
import { buildApp } from '../src/app.js';
import type { Random } from '../src/domain/random.js';
import type { RecordedExamples } from '../src/http/openapi.js';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const ADMIN = 'example-admin-token-0123456789';

/** SHA-256 in counter mode: the same bytes on every run. */
function seededRandom(seed: string): Random {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return {
    bytes(n) {
      while (pool.length < n) {
        pool = Buffer.concat([pool, createHash('sha256').update(`${seed}:${counter++}`).digest()]);
      }
      const out = pool.subarray(0, n);
      pool = pool.subarray(n);
      return new Uint8Array(out);
    },
  };
}

type Body = Record<string, unknown>;

export async function recordExamples(): Promise<RecordedExamples> {
  const { app, boot } = await buildApp({
    dataDir: ':memory:',
    adminToken: ADMIN,
    seed: 'demo',
    time: { nowMs: () => NOW },
    random: seededRandom('license-portal-sim examples'),
    // One wait per sandbox and one in all, so the tour can show both refusals.
    limits: { waitsPerSandbox: 1, waitsTotal: 1, importMaxBytes: 4 * 1024 * 1024 },
  });
  await boot();
  const recorded: RecordedExamples = {};
  app.addHook('onSend', async (request, reply, payload) => {
    const id = (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId;
    if (!id || typeof payload !== 'string' || reply.statusCode === 204) return payload;
    const entry = (recorded[id] ??= { responses: {} });
    const status = String(reply.statusCode);
    // The journal measures real time; its example shows a fixed duration.
    entry.responses[status] ??= JSON.parse(payload, (key, value: unknown) =>
      id === 'listRequests' && key === 'durationMs' ? 1.5 : value,
    );
    // JSON bodies only: a snapshot upload is a file, not an example.
    const json = request.body !== undefined && String(request.headers['content-type']).includes('json');
    if (reply.statusCode < 300 && entry.request === undefined && json) {
      entry.request = request.body;
    }
    return payload;
  });

  // Request IDs would be random: each call sends its own, so the journal's example stays the same.
  let requests = 0;
  const call = async (method: string, url: string, token: string | null, body?: Body) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        'x-request-id': `tour-${++requests}`,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { payload: body }),
    });
    return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : null) as Body };
  };
  const admin = (method: string, url: string, body?: Body) => call(method, url, ADMIN, body);
  const S = '/__admin/sandboxes/ci-run-42';

  await call('GET', '/healthz', null);
  await call('GET', '/readyz', null);

  // Control plane.
  await call('POST', '/__admin/sandboxes', null, { id: 'ci-run-42' });
  await admin('POST', '/__admin/sandboxes', {
    id: 'ci-run-42',
    scenario: 'demo',
    frozen: true,
    startTime: '2026-03-02T09:00:00.000Z',
  });
  await admin('POST', '/__admin/sandboxes', { id: 'ci-run-42', scenario: 'empty' });
  await admin('POST', '/__admin/sandboxes', { id: 'CI run 42' });
  await admin('GET', '/__admin/sandboxes');
  await admin('GET', S);
  await admin('GET', '/__admin/sandboxes/no-such-sandbox');
  await admin('PATCH', `${S}/settings`, { mailDelay: '0', shareDelay: '15m' });
  const users = (await admin('GET', `${S}/users`)).body.users as Array<{ ccoId: string; token: string }>;
  const jdoe = users.find((u) => u.ccoId === 'jdoe')?.token as string;
  const asmith = users.find((u) => u.ccoId === 'asmith')?.token as string;
  const address = {
    line1: '170 West Tasman Dr',
    city: 'San Jose',
    state: 'CA',
    postalCode: '95134',
    country: 'US',
  };
  const qa = (
    await admin('POST', `${S}/users`, {
      ccoId: 'qa-bot',
      email: 'qa@example.com',
      name: 'QA Bot',
      company: 'Example Corp',
      address,
    })
  ).body.token as string;
  await admin('POST', `${S}/users`, { ccoId: 'qa-bot', email: 'qa@example.com', name: 'QA Bot' });
  const order = await admin('POST', `${S}/orders`, {
    ccoId: 'qa-bot',
    activationDelay: '4h',
    contractAddress: address,
    lines: [{ sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 12, pak: 'CIRUN420026' }],
  });
  await admin('POST', `${S}/orders`, { ccoId: 'qa-bot', lines: [{ sku: 'L-ASA-AC-E-5510=' }] });
  await admin('GET', `${S}/clock`);
  await admin('POST', `${S}/clock`, { action: 'advance', by: '4h' });
  await admin('POST', `${S}/clock`, { action: 'set', to: '2026-01-01T00:00:00.000Z' });
  await admin('POST', `${S}/asa-devices`, {
    model: 'ASA 5516-X',
    serial: 'JAD222605K8',
    hostname: 'asa-edge-1',
  });
  await admin('POST', `${S}/asa-devices`, { model: 'ASA 5516-X', serial: 'JAD222605K8' });
  await admin('GET', `${S}/asa-devices`);

  // Portal: Get New Licenses.
  await call('GET', '/api/v1/paks?ids=DEMOPLS0026,DEMOAPX0102', jdoe);
  await call('GET', '/api/v1/paks?ids=DEMOPLS0026', null);
  await call('GET', '/api/v1/paks?ids=NOSUCHPAK01', jdoe);
  await call('GET', `/api/v1/paks?ids=${Array.from({ length: 11 }, (_, i) => `PAK${i}`).join(',')}`, jdoe);
  const registration = {
    paks: 'DEMOPLS0026',
    devices: ['JAD222605K8'],
    sendTo: 'john.doe@example.com',
    agreeToTerms: true,
  };
  await call('POST', '/api/v1/registrations', jdoe, { ...registration, devices: ['JAD222605K8 '] });
  const reg = await call('POST', '/api/v1/registrations', jdoe, registration);
  await call('POST', '/api/v1/registrations', jdoe, { ...registration, devices: ['JAD222605K7'] });
  await call('POST', '/api/v1/registrations', jdoe, {
    paks: 'DEMOPLSPERP',
    lines: [{ sku: 'L-AC-PLS-P-G', registerAll: true }],
    devices: ['JAD222605K8'],
    agreeToTerms: true,
  });
  await call('GET', '/api/v1/transactions?limit=10', jdoe);
  await call('GET', `/api/v1/transactions/${reg.body.transactionId as string}`, jdoe);
  await call('GET', '/api/v1/transactions/0000000000', jdoe);
  const device = await call('GET', '/api/v1/devices/JAD222605K8', jdoe);
  const mail = await admin('GET', `${S}/mail?subject=activation%20key`);
  await admin('GET', `${S}/mail/${(mail.body.messages as Array<{ id: string }>)[0]?.id}`);
  await admin('POST', `${S}/asa-devices/JAD222605K8/verify-key`, {
    activationKey: device.body.activationKey,
  });

  // Share License Process.
  const share = {
    product: 'ASA AnyConnect Term and Content',
    sourceSerial: 'JAD222605K8',
    targetSerial: 'JAD222605K9',
  };
  await call('POST', '/api/v1/activation-codes', asmith, share);
  await call('POST', '/api/v1/activation-codes', jdoe, { ...share, sendTo: 'john.doe@example.com' });
  const codeMail = (await admin('GET', `${S}/mail?subject=Device%20Registration`)).body.messages as Array<{
    id: string;
  }>;
  const text = (await admin('GET', `${S}/mail/${codeMail[0]?.id}`)).body.text as string;
  const code = /Activation Code : (\w+)/.exec(text)?.[1] as string;
  await call('GET', `/api/v1/activation-codes/${code}`, jdoe);
  await call('POST', '/api/v1/shares', jdoe, {
    activationCode: code,
    sendTo: 'john.doe@example.com',
    agreeToTerms: true,
  });
  await call('POST', '/api/v1/shares', jdoe, { activationCode: code, agreeToTerms: true });

  // The rest of the lifecycle.
  const salesOrder = order.body.salesOrder as string;
  await call('GET', `/api/v1/paks/search?salesOrder=${salesOrder}`, qa);
  await admin('POST', `${S}/clock`, { action: 'advance', by: '3d' });
  const contracts = await call('GET', '/api/v1/contracts', qa);
  const contract = (contracts.body.contracts as Array<{ number: string }>)[0]?.number as string;
  await call('POST', `/api/v1/contracts/${contract}/link`, jdoe);
  await call('POST', `/api/v1/contracts/${contract}/link`, qa);
  await call('POST', '/api/v1/smart-account-requests', jdoe, {
    smartAccount: 'example.com',
    virtualAccount: 'Default',
    pak: 'DEMOAPX0102',
    licenseType: 'Apex',
  });
  await call('POST', '/api/v1/smart-account-requests', jdoe, {
    smartAccount: 'example.com',
    pak: 'DEMOAPX0102',
    licenseType: 'Plus',
  });
  await admin('POST', `${S}/clock`, { action: 'advance', by: '1d' });
  await call('GET', '/api/v1/smart-accounts/example.com/licenses', jdoe);
  await admin('GET', `${S}/smart-accounts/Example%20Corp/licenses`);
  await call('POST', '/api/v1/demo-licenses', jdoe, { serial: 'JAD222605K7', agreeToTerms: true });
  await call('POST', '/api/v1/demo-licenses', jdoe, { serial: 'JAD222605K7', agreeToTerms: true });
  await admin('GET', `${S}/licenses/expiring?within=400d`);

  // Smart Software Manager API: an API client, its OAuth token, then each resource.
  const client = (await admin('POST', `${S}/api-clients`, { name: 'ci', ccoId: 'jdoe' })).body as {
    clientId: string;
    clientSecret: string;
  };
  await admin('GET', `${S}/api-clients`);
  const credentials = {
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.clientSecret,
  };
  for (const path of ['/oauth2/default/v1/token', '/as/token.oauth2']) {
    await call('POST', path, null, { ...credentials, client_secret: 'wrong' });
    await call('POST', path, null, { ...credentials, grant_type: 'authorization_code' });
  }
  const cssmToken = (await call('POST', '/as/token.oauth2', null, credentials)).body.access_token as string;
  await call('POST', '/oauth2/default/v1/token', null, credentials);
  const A = '/services/api/smart-accounts-and-licensing';
  const cssm = (method: string, path: string, body?: Body) => call(method, `${A}${path}`, cssmToken, body);
  await cssm('GET', '/v1/accounts/search?domain=example.com');
  await cssm('GET', '/v1/accounts/search?limit=0');
  await call('GET', `${A}/v2/accounts`, null);
  await cssm('GET', '/v2/accounts');
  await cssm('GET', '/v1/accounts/example.com/CUSTOMER/virtual-accounts');
  await cssm('GET', '/v1/accounts/example.com/partner/virtual-accounts');
  await cssm('GET', '/v1/accounts/example.org/CUSTOMER/virtual-accounts');
  await cssm('POST', '/v1/accounts/example.com/customer/virtual-accounts', { name: 'Staging' });
  await cssm('POST', '/v1/accounts/example.com/customer/virtual-accounts', { name: 'Staging' });
  await cssm('POST', '/v1/accounts/example.com/licenses', {
    virtualAccounts: ['Default'],
    limit: 50,
    offset: 0,
  });
  await cssm('GET', '/v1/accounts/example.com/virtual-accounts/Default/tokens');
  const idToken = (
    await cssm('POST', '/v1/accounts/example.com/virtual-accounts/Default/tokens', {
      description: 'lab ASAv',
      expiresAfterDays: 30,
      exportControlled: 'Not Allowed',
    })
  ).body.tokenInfo as { token: string };
  await cssm('POST', '/v1/accounts/example.com/virtual-accounts/Default/licenses/transfer', {
    licenses: [{ license: 'AnyConnect Apex', quantity: 2, targetVirtualAccount: 'Lab' }],
  });
  await cssm('POST', '/v1/accounts/example.com/virtual-accounts/Default/licenses/transfer', {
    licenses: [{ license: 'AnyConnect Apex', quantity: 100000, targetVirtualAccount: 'Lab' }],
  });
  await admin('POST', `${S}/smart-devices`, {
    idToken: idToken.token,
    serial: '9AH1JBQ6DQL',
    hostname: 'asav-edge-1',
    licenses: [{ license: 'AnyConnect Apex', quantity: 10 }],
  });
  await cssm(
    'GET',
    '/licensing/v2/accounts/example.com/devices?virtualAccountName=Default&limit=50&offset=0',
  );
  await admin('DELETE', `${S}/smart-devices/9AH1JBQ6DQL`);

  // The harness: faults, the request journal, the mailbox, the simulated ASA's CLI, copies and snapshots.
  const fault = await admin('POST', `${S}/faults`, {
    kind: 'error',
    operation: 'getDevice',
    rate: 1,
    status: 503,
  });
  await call('GET', '/api/v1/devices/JAD222605K8', jdoe);
  await admin('GET', `${S}/faults`);
  await admin('DELETE', `${S}/faults/${fault.body.id as number}`);
  await admin('DELETE', `${S}/faults`);
  await admin('GET', `${S}/requests?limit=5`);
  await admin('GET', `${S}/mail?subject=No%20such%20subject&wait=1ms`);
  const held = admin('GET', `${S}/mail?subject=No%20such%20subject&wait=50ms`);
  await admin('GET', `${S}/mail?subject=No%20such%20subject&wait=50ms`);
  await admin('GET', '/__admin/sandboxes/default/mail?subject=No%20such%20subject&wait=50ms');
  await held;
  await admin('DELETE', `${S}/mail?subject=Device%20Registration`);
  await admin('GET', `${S}/asa-devices/JAD222605K8`);
  await admin('POST', `${S}/devices/JAD222605K8/cli`, { command: 'show activation-key' });
  await admin('POST', `${S}/clone`, { id: 'ci-run-43' });
  const copy = (await admin('POST', '/__admin/sandboxes', { id: 'ci-run-44', scenario: 'empty' })).body
    .adminToken as string;
  await call('POST', '/__admin/sandboxes', copy, { id: 'ci-run-45' });
  const snapshot = await app.inject({
    method: 'GET',
    url: `${S}/snapshot`,
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  await app.inject({
    method: 'POST',
    url: '/__admin/sandboxes/import?id=ci-run-46',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-sqlite3' },
    payload: snapshot.rawPayload,
  });
  await app.inject({
    method: 'POST',
    url: '/__admin/sandboxes/import?id=ci-run-47',
    headers: { authorization: `Bearer ${copy}`, 'content-type': 'application/x-sqlite3' },
    payload: snapshot.rawPayload,
  });
  await app.inject({
    method: 'POST',
    url: '/__admin/sandboxes/import?id=ci-run-48',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-sqlite3' },
    payload: Buffer.alloc(4 * 1024 * 1024 + 1),
  });
  await admin('GET', `${S}/contracts`);
  await admin('POST', `${S}/devices/JAD222605K9/rma`);
  await admin('POST', `${S}/reset`);
  await admin('DELETE', S);

  await app.close();
  return recorded;
}
