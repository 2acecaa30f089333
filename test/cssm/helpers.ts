import type { TestApp } from '../helpers/build.js';
import { T0 } from '../helpers/build.js';

export const API = '/services/api/smart-accounts-and-licensing';

export interface Client {
  clientId: string;
  clientSecret: string;
}

let counter = 0;

/** A frozen demo sandbox: jdoe and asmith, Smart Account Example Corp (example.com) with Default and Lab. */
export async function demoSandbox(t: TestApp, id = `cssm-${++counter}`): Promise<string> {
  const r = await t.call('POST', '/__admin/sandboxes', {
    body: { id, scenario: 'demo', frozen: true, startTime: new Date(T0).toISOString() },
  });
  if (r.status !== 201) throw new Error(`sandbox: ${JSON.stringify(r.body)}`);
  return id;
}

export async function apiClient(
  t: TestApp,
  sandbox: string,
  body: Record<string, unknown> = {},
): Promise<Client> {
  const r = await t.call<Client>('POST', `/__admin/sandboxes/${sandbox}/api-clients`, { body });
  if (r.status !== 201) throw new Error(`api client: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The token request of the public scripts: credentials in the query string, no body. */
export async function accessToken(t: TestApp, client: Client): Promise<string> {
  const r = await t.app.inject({
    method: 'POST',
    url: `/as/token.oauth2?grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
  });
  if (r.statusCode !== 200) throw new Error(`token: ${r.body}`);
  return (JSON.parse(r.body) as { access_token: string }).access_token;
}

export async function userToken(t: TestApp, sandbox: string, ccoId: string): Promise<string> {
  const r = await t.call<{ users: Array<{ ccoId: string; token: string }> }>(
    'GET',
    `/__admin/sandboxes/${sandbox}/users`,
  );
  return r.body.users.find((u) => u.ccoId === ccoId)?.token as string;
}

/** Registration step 1 with a Smart Account: the PAK's licenses land in the Virtual Account. */
export async function registerToSmartAccount(
  t: TestApp,
  sandbox: string,
  pak: string,
  virtualAccount: string,
  serial: string,
): Promise<void> {
  const r = await t.call('POST', '/api/v1/registrations', {
    token: await userToken(t, sandbox, 'jdoe'),
    body: {
      paks: pak,
      smartAccount: 'Example Corp',
      virtualAccount,
      devices: [serial],
      agreeToTerms: true,
    },
  });
  if (r.status !== 201) throw new Error(`registration: ${JSON.stringify(r.body)}`);
}

export async function registerDevice(t: TestApp, sandbox: string, body: Record<string, unknown>) {
  return t.call<Record<string, unknown>>('POST', `/__admin/sandboxes/${sandbox}/smart-devices`, { body });
}

/** A request the way a Python or Go client sends it: JSON text and its headers. */
export async function send<T = Record<string, unknown>>(
  t: TestApp,
  method: 'GET' | 'POST',
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: T; headers: Record<string, unknown> }> {
  const r = await t.app.inject({
    method,
    url: `${API}${path}`,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: r.statusCode, body: JSON.parse(r.body) as T, headers: r.headers };
}
