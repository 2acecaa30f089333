import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { MAINTENANCE_MESSAGE } from '../../src/domain/faults.js';
import {
  buildTestApp,
  order,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';
import { seededRandom } from '../helpers/random.js';

type Journal = {
  requests: Array<{ status: number; errorCode: string | null; injected: boolean; operation: string }>;
};
type Fault = { id: number; kind: string; operation: string | null; [k: string]: unknown };

const slept: number[] = [];
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ extra: { sleep: async (ms) => void slept.push(ms) } });
});
afterAll(() => t.close());

const registration = { paks: 'FAULTPAK001', devices: ['JAD222605K8'], agreeToTerms: true };

async function fixture(): Promise<Fixture> {
  const f = await sandboxWithUsers(t);
  await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, pak: 'FAULTPAK001' }] });
  slept.length = 0;
  return f;
}

const addFault = (f: Fixture, body: object) =>
  t.call<Fault & ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/faults`, { body });

/** What a failed request must not have changed: transactions and mailbox. */
async function state(f: Fixture) {
  const mail = await t.call<{ messages: unknown[] }>(
    'GET',
    `/__admin/sandboxes/${f.sandbox}/mail?folder=all`,
  );
  const faults = await t.call<{ faults: Fault[] }>('GET', `/__admin/sandboxes/${f.sandbox}/faults`);
  const store = t.context.deps.dbs.get(f.sandbox);
  return {
    mail: mail.body.messages.length,
    transactions: store?.transactions.ofUser('jdoe', 100, 0).total,
    assigned: store?.paks.lines('FAULTPAK001')[0]?.assigned,
    faults: faults.body.faults.length,
  };
}

describe('Maintenance mode: every portal route answers 503, the control plane keeps working', () => {
  it('answers 503 MAINTENANCE in the standard error shape on every /api/v1 route, and changes nothing', async () => {
    const f = await fixture();
    const created = await addFault(f, { kind: 'maintenance' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'maintenance',
      operation: null,
      message: MAINTENANCE_MESSAGE,
    });
    const before = await state(f);

    for (const [method, url] of [
      ['GET', '/api/v1/paks?ids=FAULTPAK001'],
      ['POST', '/api/v1/registrations'],
      ['GET', '/api/v1/transactions'],
      ['GET', '/api/v1/no-such-route'],
    ] as const) {
      const r = await t.call<ErrorBody>(method, url, {
        token: f.jdoe,
        body: method === 'POST' ? registration : undefined,
      });
      expect(r.status, url).toBe(503);
      expect(r.body).toEqual({
        error: {
          code: 'MAINTENANCE',
          message:
            'The Cisco License Registration Portal is currently undergoing scheduled maintenance. Please try again later.',
          details: { injected: true },
        },
      });
    }
    expect(await state(f)).toEqual(before);
  });

  it('the control plane and the health probes still answer', async () => {
    const f = await fixture();
    await addFault(f, { kind: 'maintenance', message: 'Back at 10:00 UTC' });
    expect((await t.call('GET', `/__admin/sandboxes/${f.sandbox}`)).status).toBe(200);
    expect((await t.call('GET', `/__admin/sandboxes/${f.sandbox}/users`)).status).toBe(200);
    expect((await t.call('GET', '/healthz')).status).toBe(200);
    const portal = await t.call<ErrorBody>('GET', '/api/v1/transactions', { token: f.jdoe });
    expect(portal.body.error.message).toBe('Back at 10:00 UTC');
  });

  it('is per sandbox: another sandbox of the same server is not in maintenance', async () => {
    const f = await fixture();
    const other = await fixture();
    await addFault(f, { kind: 'maintenance' });
    expect((await t.call('GET', '/api/v1/transactions', { token: f.jdoe })).status).toBe(503);
    expect((await t.call('GET', '/api/v1/transactions', { token: other.jdoe })).status).toBe(200);
  });

  it('ends when the fault is removed', async () => {
    const f = await fixture();
    const { body } = await addFault(f, { kind: 'maintenance' });
    expect((await t.call('DELETE', `/__admin/sandboxes/${f.sandbox}/faults/${body.id}`)).status).toBe(204);
    expect((await t.call('GET', '/api/v1/transactions', { token: f.jdoe })).status).toBe(200);
  });
});

describe('An error rate for one operation, journaled as injected', () => {
  it('an injected 503 on registerLicenses is INJECTED_FAULT, journaled with injected: true, and changes nothing', async () => {
    const f = await fixture();
    const created = await addFault(f, { kind: 'error', operation: 'registerLicenses', status: 503 });
    expect(created.body).toMatchObject({
      kind: 'error',
      operation: 'registerLicenses',
      rate: 1,
      status: 503,
      message: null,
      when: 'before',
    });
    const before = await state(f);
    const r = await t.call<ErrorBody>('POST', '/api/v1/registrations', { token: f.jdoe, body: registration });
    expect(r.status).toBe(503);
    expect(r.body.error).toEqual({
      code: 'INJECTED_FAULT',
      message: `Injected fault ${created.body.id}: 503 Service Unavailable`,
      details: { injected: true, faultId: created.body.id },
    });
    expect(await state(f)).toEqual(before);

    // Other operations are untouched.
    expect((await t.call('GET', '/api/v1/paks?ids=FAULTPAK001', { token: f.jdoe })).status).toBe(200);

    const journal = await t.call<Journal>('GET', `/__admin/sandboxes/${f.sandbox}/requests`);
    expect(journal.body.requests.map((e) => [e.operation, e.status, e.errorCode, e.injected])).toEqual([
      ['lookupPaks', 200, null, false],
      ['registerLicenses', 503, 'INJECTED_FAULT', true],
    ]);
  });

  it('a real error is not marked injected', async () => {
    const f = await fixture();
    await t.call('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: { ...registration, paks: 'NOSUCHPAK01' },
    });
    const journal = await t.call<Journal>('GET', `/__admin/sandboxes/${f.sandbox}/requests`);
    expect(journal.body.requests[0]).toMatchObject({
      status: 404,
      errorCode: 'PAK_INVALID_OR_INACTIVE',
      injected: false,
    });
  });

  it('takes a chosen status and message', async () => {
    const f = await fixture();
    await addFault(f, { kind: 'error', operation: 'lookupPaks', status: 429, message: 'Slow down' });
    const r = await t.call<ErrorBody>('GET', '/api/v1/paks?ids=FAULTPAK001', { token: f.jdoe });
    expect(r.status).toBe(429);
    expect(r.body.error).toMatchObject({ code: 'INJECTED_FAULT', message: 'Slow down' });
  });

  it('a rate below 1 fails that fraction, drawn from the sandbox random source: the same seed fails the same requests', async () => {
    const run = async () => {
      const app = await buildTestApp({ extra: { random: seededRandom(42) } });
      try {
        const f = await sandboxWithUsers(app, 'seeded');
        await app.call('POST', `/__admin/sandboxes/${f.sandbox}/faults`, {
          body: { kind: 'error', operation: 'listTransactions', rate: 0.5 },
        });
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++)
          statuses.push((await app.call('GET', '/api/v1/transactions', { token: f.jdoe })).status);
        return statuses;
      } finally {
        await app.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
    expect(first.filter((s) => s !== 503).every((s) => s === 200)).toBe(true);
  });

  it('refuses an operation that is not a portal operation, naming the ones there are', async () => {
    const f = await fixture();
    const r = await addFault(f, { kind: 'error', operation: 'createOrder' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'UNKNOWN_OPERATION',
      message:
        'operation: createOrder is not a portal operation (lookupPaks, registerLicenses, listTransactions, getTransaction, getDevice, requestActivationCode, getShareOptions, shareLicenses, findLostPaks, listContracts, linkContract, requestSmartAccountSharing, getSmartAccountLicenses, requestDemoLicense)',
      details: { field: 'operation' },
    });
    expect((await state(f)).faults).toBe(0);
  });
});

describe('when: "after": the portal did the work, the answer got lost', () => {
  it('the registration is made and the client gets the error; retrying with its Idempotency-Key returns the real answer', async () => {
    const f = await fixture();
    const fault = await addFault(f, {
      kind: 'error',
      operation: 'registerLicenses',
      status: 502,
      when: 'after',
    });
    const headers = { 'idempotency-key': 'lost-answer-1' };
    const lost = await t.call<ErrorBody>('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: registration,
      headers,
    });
    expect(lost.status).toBe(502);
    expect(lost.body.error.code).toBe('INJECTED_FAULT');
    expect((await state(f)).transactions).toBe(1);

    await t.call('DELETE', `/__admin/sandboxes/${f.sandbox}/faults/${fault.body.id}`);
    const retry = await t.call<{ transactionId: string }>('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: registration,
      headers,
    });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await state(f)).transactions).toBe(1);
    const journal = await t.call<Journal>('GET', `/__admin/sandboxes/${f.sandbox}/requests`);
    expect(journal.body.requests.map((e) => [e.status, e.injected])).toEqual([
      [201, false],
      [502, true],
    ]);
  });
});

describe('Latency, fixed or a random range, on every portal route or one operation', () => {
  it('a fixed latency delays every portal request by that much, and no control-plane request', async () => {
    const f = await fixture();
    const r = await addFault(f, { kind: 'latency', delay: '250ms' });
    expect(r.body).toMatchObject({ kind: 'latency', operation: null, delay: '250ms' });
    await t.call('GET', '/api/v1/transactions', { token: f.jdoe });
    await t.call('GET', '/api/v1/paks?ids=FAULTPAK001', { token: f.jdoe });
    await t.call('GET', `/__admin/sandboxes/${f.sandbox}/users`);
    expect(slept).toEqual([250, 250]);
  });

  it('latencies add up, and one for an operation leaves the others alone', async () => {
    const f = await fixture();
    await addFault(f, { kind: 'latency', delay: '1s' });
    await addFault(f, { kind: 'latency', operation: 'lookupPaks', delay: '2s' });
    await t.call('GET', '/api/v1/paks?ids=FAULTPAK001', { token: f.jdoe });
    await t.call('GET', '/api/v1/transactions', { token: f.jdoe });
    expect(slept).toEqual([3000, 1000]);
  });

  it('a random range draws each delay between min and max from the sandbox random source', async () => {
    const run = async () => {
      const delays: number[] = [];
      const app = await buildTestApp({
        extra: { random: seededRandom(7), sleep: async (ms) => void delays.push(ms) },
      });
      try {
        const f = await sandboxWithUsers(app, 'seeded');
        const r = await app.call<Fault>('POST', `/__admin/sandboxes/${f.sandbox}/faults`, {
          body: { kind: 'latency', operation: 'listTransactions', min: '100ms', max: '2s' },
        });
        expect(r.body).toMatchObject({ min: '100ms', max: '2s' });
        for (let i = 0; i < 20; i++) await app.call('GET', '/api/v1/transactions', { token: f.jdoe });
        return delays;
      } finally {
        await app.close();
      }
    };
    const first = await run();
    expect(first).toHaveLength(20);
    for (const ms of first) {
      expect(ms).toBeGreaterThanOrEqual(100);
      expect(ms).toBeLessThanOrEqual(2000);
    }
    expect(new Set(first).size).toBeGreaterThan(10);
    expect(await run()).toEqual(first);
  });

  it('refuses an ambiguous, missing, reversed or too long latency', async () => {
    const f = await fixture();
    const cases: Array<[object, string, string]> = [
      [
        { delay: '1s', min: '1s', max: '2s' },
        'LATENCY_AMBIGUOUS',
        'delay: give either delay, or min and max, not both',
      ],
      [{ min: '1s' }, 'LATENCY_REQUIRED', 'delay: give a fixed delay, or min and max for a random one'],
      [{ min: '2s', max: '1s' }, 'LATENCY_RANGE', 'max: must not be less than min'],
      [{ delay: '3m' }, 'LATENCY_TOO_LONG', 'delay: injected latency is at most 2m'],
    ];
    for (const [body, code, message] of cases) {
      const r = await addFault(f, { kind: 'latency', ...body });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code, message });
    }
    expect((await state(f)).faults).toBe(0);
  });
});

describe('Faults and quirks are listed together, cleared by API, and kept in the sandbox database', () => {
  it('GET …/faults lists the faults and the quirks kept as settings', async () => {
    const f = await fixture();
    await addFault(f, { kind: 'latency', delay: '100ms' });
    await addFault(f, { kind: 'error', operation: 'getDevice', rate: 0.25, status: 500 });
    await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, {
      body: { mailDelay: '30m', mailLoss: 0.1, popupBlocker: true },
    });
    const r = await t.call<{ faults: Fault[]; settings: object }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/faults`,
    );
    expect(r.body.faults.map(({ createdAt: _, ...rest }) => rest)).toEqual([
      { id: 1, kind: 'latency', operation: null, delay: '100ms' },
      {
        id: 2,
        kind: 'error',
        operation: 'getDevice',
        rate: 0.25,
        status: 500,
        message: null,
        when: 'before',
      },
    ]);
    expect(r.body.settings).toEqual({
      popupBlocker: true,
      activationDelay: '4h',
      mailDelay: '30m',
      activationCodeTtl: '30d',
      shareDelay: '15m',
      contractDelay: '3d',
      smartAccountRequestDelay: '1d',
      mailLoss: 0.1,
      journalSize: 1000,
    });
  });

  it('DELETE …/faults removes every fault and leaves the settings; an unknown fault is 404', async () => {
    const f = await fixture();
    await addFault(f, { kind: 'maintenance' });
    await addFault(f, { kind: 'latency', delay: '1s' });
    await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, { body: { mailDelay: '1h' } });
    expect((await t.call('DELETE', `/__admin/sandboxes/${f.sandbox}/faults`)).status).toBe(204);
    const r = await t.call<{ faults: Fault[]; settings: { mailDelay: string } }>(
      'GET',
      `/__admin/sandboxes/${f.sandbox}/faults`,
    );
    expect(r.body.faults).toEqual([]);
    expect(r.body.settings.mailDelay).toBe('1h');
    const missing = await t.call<ErrorBody>('DELETE', `/__admin/sandboxes/${f.sandbox}/faults/99`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: 'FAULT_NOT_FOUND',
      message: `No fault 99 in sandbox ${f.sandbox}`,
      details: { id: 99 },
    });
  });

  it('faults survive a restart: they are rows of the sandbox database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lps-faults-'));
    try {
      const first = await buildApp({ dataDir, adminToken: null, seed: 'demo' });
      await first.boot();
      await first.app.inject({
        method: 'POST',
        url: '/__admin/sandboxes/default/faults',
        payload: { kind: 'maintenance' },
      });
      await first.app.close();
      const second = await buildApp({ dataDir, adminToken: null, seed: 'demo' });
      await second.boot();
      const r = await second.app.inject({ method: 'GET', url: '/__admin/sandboxes/default/faults' });
      expect(JSON.parse(r.body).faults.map((x: Fault) => x.kind)).toEqual(['maintenance']);
      await second.app.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
