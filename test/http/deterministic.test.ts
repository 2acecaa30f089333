import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { buildTestApp, ManualTime, type TestApp } from '../helpers/build.js';

type Created = { users: Array<{ ccoId: string; token: string }> };
type Order = { salesOrder: string; paks: Array<{ pak: string }> };

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const START = '2026-03-02T09:00:00Z';

async function create(id: string, seed?: string): Promise<string> {
  const r = await t.call<Created>('POST', '/__admin/sandboxes', {
    body: { id, scenario: 'demo', frozen: true, startTime: START, ...(seed ? { seed } : {}) },
  });
  expect(r.status).toBe(201);
  return r.body.users.find((u) => u.ccoId === 'jdoe')?.token as string;
}

/** The same requests, in the same order; every response and every email, as they came back. */
async function session(id: string, token: string) {
  const out: unknown[] = [];
  const call = async (method: string, url: string, opts: { token?: string; body?: unknown } = {}) => {
    const r = await t.call(method, url, opts);
    out.push([method, url.replace(`/${id}/`, '/{id}/'), r.status, r.body]);
    return r.body;
  };
  const order = (await call('POST', `/__admin/sandboxes/${id}/orders`, {
    body: {
      ccoId: 'jdoe',
      activationDelay: '0',
      lines: [{ sku: 'L-AC-PLS-LIC=', users: 10 }, { sku: 'L-AC-PLS-P-G' }],
    },
  })) as Order;
  const paks = order.paks.map((p) => p.pak);
  await call('GET', `/api/v1/paks?ids=${paks.join(',')}`, { token });
  await call('POST', '/api/v1/registrations', {
    token,
    body: {
      paks,
      devices: ['JAD222605K8', 'JAD222605K9'],
      lines: [
        { sku: 'L-AC-PLS-LIC=', quantity: 10 },
        { sku: 'L-AC-PLS-P-G', quantity: 2 },
      ],
      agreeToTerms: true,
    },
  });
  await call('POST', '/api/v1/registrations', {
    token,
    body: { paks: 'DEMOAPX0102', devices: ['JAD222605K8'], agreeToTerms: true },
  });
  await call('GET', '/api/v1/transactions', { token });
  await call('GET', '/api/v1/devices/JAD222605K8', { token });
  const mail = (await call('GET', `/__admin/sandboxes/${id}/mail`)) as { messages: Array<{ id: string }> };
  for (const m of mail.messages) await call('GET', `/__admin/sandboxes/${id}/mail/${m.id}`);
  return out;
}

describe('Deterministic mode: the same seed, scenario and requests give byte-identical answers and emails', () => {
  it('two sandboxes with one seed and a frozen clock answer every request alike, emails included', async () => {
    const a = await session('seeded-a', await create('seeded-a', 'ci-seed'));
    const b = await session('seeded-b', await create('seeded-b', 'ci-seed'));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const messages = a.filter((x) => String((x as unknown[])[1]).includes('/mail/'));
    expect(messages).toHaveLength(7);
  });

  it('another seed, or none, gives other PAKs, IDs and keys', async () => {
    const a = await session('seeded-c', await create('seeded-c', 'ci-seed'));
    const other = await session('seeded-d', await create('seeded-d', 'another-seed'));
    const unseeded = await session('unseeded-e', await create('unseeded-e'));
    const pak = (s: unknown[]) => ((s[0] as unknown[])[3] as Order).paks[0]?.pak;
    expect(pak(other)).not.toBe(pak(a));
    expect(pak(unseeded)).not.toBe(pak(a));
  });

  it('user tokens differ between sandboxes (a token picks one sandbox) yet are reproducible for the same ID', async () => {
    const a = await create('seeded-f', 'ci-seed');
    const b = await create('seeded-g', 'ci-seed');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^lps_[0-9A-Za-z]{32}$/);
    await t.call('DELETE', '/__admin/sandboxes/seeded-f');
    expect(await create('seeded-f', 'ci-seed')).toBe(a);
  });

  it('reset replays the same world: the same generated values come out again', async () => {
    const token = await create('seeded-h', 'ci-seed');
    const first = await session('seeded-h', token);
    await t.call('POST', '/__admin/sandboxes/seeded-h/reset');
    const users = await t.call<{ users: Array<{ token: string }> }>(
      'GET',
      '/__admin/sandboxes/seeded-h/users',
    );
    expect(users.body.users[0]?.token).toBe(token);
    expect(JSON.stringify(await session('seeded-h', token))).toBe(JSON.stringify(first));
  });

  it('the stream position is stored in the sandbox: a restart carries on where it stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lps-seed-'));
    const body = { ccoId: 'jdoe', activationDelay: '0', lines: [{ sku: 'L-AC-PLS-P-G' }] };
    const start = async () => {
      const built = await buildApp({ dataDir: dir, adminToken: null, seed: 'none', time: new ManualTime() });
      await built.boot();
      return built.app;
    };
    const orderIn = async (app: Awaited<ReturnType<typeof start>>, id: string) =>
      JSON.parse(
        (await app.inject({ method: 'POST', url: `/__admin/sandboxes/${id}/orders`, payload: body })).body,
      ) as Order;
    try {
      let app = await start();
      for (const id of ['restarted', 'uninterrupted']) {
        await app.inject({
          method: 'POST',
          url: '/__admin/sandboxes',
          payload: { id, scenario: 'demo', seed: 'ci-seed', frozen: true, startTime: START },
        });
      }
      await orderIn(app, 'restarted');
      const first = await orderIn(app, 'uninterrupted');
      const second = await orderIn(app, 'uninterrupted');
      await app.close();
      app = await start();
      const afterRestart = await orderIn(app, 'restarted');
      await app.close();
      expect(afterRestart).toEqual(second);
      expect(afterRestart).not.toEqual(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
