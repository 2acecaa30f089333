/**
 * How a test suite drives license-portal-sim: one server for the run, a fresh sandbox per test (a
 * cheap copy of a scenario), a frozen clock moved by hand, and the mailbox read back. The server runs
 * in-process here; your suite can as well point PORTAL_URL at one started with `npm start`.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';

let portal = process.env.PORTAL_URL ?? '';
let stop = async () => {};

beforeAll(async () => {
  if (portal) return;
  const { app, boot } = await buildApp({
    dataDir: ':memory:',
    adminToken: null,
    seed: 'none',
    scenariosDir: fileURLToPath(new URL('./scenarios', import.meta.url)),
  });
  await boot();
  portal = await app.listen({ port: 0, host: '127.0.0.1' });
  stop = () => app.close();
});
afterAll(() => stop());

async function api<T = Record<string, never>>(
  method: string,
  path: string,
  { token, body }: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(portal + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

type Sandbox = { id: string; users: Array<{ ccoId: string; token: string }> };
let sandbox: Sandbox;
let jdoe: string;
const admin = (path: string) => `/__admin/sandboxes/${sandbox.id}${path}`;
const advance = (by: string) => api('POST', admin('/clock'), { body: { action: 'advance', by } });

// Every test gets its own copy of the training world, its clock frozen at the scenario's start.
beforeEach(async () => {
  const created = await api<Sandbox>('POST', '/__admin/sandboxes', { body: { scenario: 'training' } });
  expect(created.status).toBe(201);
  sandbox = created.body;
  jdoe = sandbox.users.find((u) => u.ccoId === 'jdoe')?.token as string;
  return async () => {
    await api('DELETE', `/__admin/sandboxes/${sandbox.id}`);
  };
});

describe('A PAK shipped an hour ago', () => {
  it('is inactive until its 4-hour activation delay has passed', async () => {
    const early = await api<{ error: { message: string } }>('GET', '/api/v1/paks?ids=ACTIVATING1', {
      token: jdoe,
    });
    expect(early.body.error.message).toBe('PAK/s or Token/s ACTIVATING1 is / are either Invalid or Inactive');
    await advance('3h');
    expect((await api('GET', '/api/v1/paks?ids=ACTIVATING1', { token: jdoe })).status).toBe(200);
  });
});

describe('Registering a perpetual PAK', () => {
  it('emails the activation key half an hour later (the scenario sets mailDelay: 30m)', async () => {
    const reg = await api<{ status: string }>('POST', '/api/v1/registrations', {
      token: jdoe,
      body: {
        paks: 'PERPETUAL01',
        devices: ['JAD222605K9'],
        lines: [{ sku: 'L-AC-PLS-P-G', quantity: 1 }],
        agreeToTerms: true,
      },
    });
    expect(reg.body.status).toBe('processing');
    const inbox = () =>
      api<{ messages: Array<{ id: string }> }>(
        'GET',
        admin('/mail?to=john.doe@example.com&subject=activation%20key'),
      );
    expect((await inbox()).body.messages).toHaveLength(1); // the scenario's own registration, two days ago

    await advance('30m');
    const [latest] = (await inbox()).body.messages;
    const mail = await api<{ text: string }>('GET', admin(`/mail/${latest?.id}`));
    const device = await api<{ activationKey: string }>('GET', '/api/v1/devices/JAD222605K9', {
      token: jdoe,
    });
    expect(mail.body.text).toContain('JAD222605K9');
    expect(mail.body.text).toContain(device.body.activationKey);
  });

  it('happened in another sandbox: this test starts from the scenario again', async () => {
    const r = await api<{ paks: Array<{ lines: Array<{ quantityAssigned: number }> }> }>(
      'GET',
      '/api/v1/paks?ids=PERPETUAL01,PLUS0000100',
      { token: jdoe },
    );
    expect(r.body.paks.map((p) => p.lines[0]?.quantityAssigned)).toEqual([0, 40]);
  });
});
