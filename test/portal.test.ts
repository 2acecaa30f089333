import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalError, startPortal, type Portal } from '../src/portal.js';

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal.close());

const json = async (url: string, init: RequestInit & { token?: string; body?: string } = {}) => {
  const res = await fetch(url, {
    ...init,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely typed answers keep the assertions short
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('startPortal: a real server on 127.0.0.1 and a free port, in memory', () => {
  it('listens on loopback with an ephemeral port and is ready', async () => {
    expect(portal.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(portal.url).port)).toBeGreaterThan(0);
    expect((await json(`${portal.url}/readyz`)).body).toEqual({ status: 'ready' });
  });

  it('the control plane needs the generated admin token', async () => {
    expect(portal.adminToken).toMatch(/^[0-9a-f]{32}$/);
    const r = await json(`${portal.url}/__admin/sandboxes`);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('ADMIN_UNAUTHORIZED');
    expect((await json(`${portal.url}/__admin/sandboxes`, { token: portal.adminToken })).status).toBe(200);
  });
});

describe('createSandbox hands back the sandbox with its users and their tokens', () => {
  it('the demo scenario by default: jdoe and asmith, whose tokens reach the portal API', async () => {
    const sbx = await portal.createSandbox();
    expect(sbx.id).toMatch(/^sbx-[a-z0-9]{10}$/);
    expect(sbx.scenario).toBe('demo');
    expect(sbx.users.map((u) => u.ccoId).sort()).toEqual(['asmith', 'jdoe']);
    const r = await json(`${portal.url}/api/v1/paks?ids=DEMOPLS0026`, { token: sbx.tokens.jdoe });
    expect(r.status).toBe(200);
    expect(r.body.paks[0].pak).toBe('DEMOPLS0026');
  });

  it('an empty, frozen sandbox with users of your own; a registration; the clock; the mailbox', async () => {
    const sbx = await portal.createSandbox({
      id: 'lib-flow',
      scenario: 'empty',
      frozen: true,
      startTime: '2026-03-02T09:00:00.000Z',
      users: [{ ccoId: 'qa-bot', email: 'qa@example.com', name: 'QA Bot' }],
    });
    expect(sbx.users.map((u) => u.ccoId)).toEqual(['qa-bot']);
    expect(sbx.clock).toEqual({ now: '2026-03-02T09:00:00.000Z', frozen: true, nextDueAt: null });
    const order = await json(`${portal.url}/__admin/sandboxes/lib-flow/orders`, {
      method: 'POST',
      token: portal.adminToken,
      body: JSON.stringify({
        ccoId: 'qa-bot',
        lines: [{ sku: 'L-AC-PLS-LIC=', users: 25, pak: 'LIBFLOW0025' }],
      }),
    });
    expect(order.status).toBe(201);
    const early = await json(`${portal.url}/api/v1/paks?ids=LIBFLOW0025`, { token: sbx.tokens['qa-bot'] });
    expect(early.body.error.message).toBe('PAK/s or Token/s LIBFLOW0025 is / are either Invalid or Inactive');
    expect((await portal.advanceClock('lib-flow', '4h')).now).toBe('2026-03-02T13:00:00.000Z');
    const reg = await json(`${portal.url}/api/v1/registrations`, {
      method: 'POST',
      token: sbx.tokens['qa-bot'],
      body: JSON.stringify({ paks: 'LIBFLOW0025', devices: ['JAD222605K8'], agreeToTerms: true }),
    });
    expect(reg.status).toBe(201);
    expect(reg.body.message).toBe('The License has been sent to - qa@example.com');
    const mail = await portal.mailbox('lib-flow', { subject: 'activation key' });
    expect(mail.map((m) => m.to)).toEqual([['qa@example.com']]);
  });

  it('a refused control-plane call throws PortalError with the API code and message, and changes nothing', async () => {
    await portal.createSandbox({ id: 'lib-dup', scenario: 'empty' });
    const err = await portal.createSandbox({ id: 'lib-dup', scenario: 'demo' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortalError);
    expect(err).toMatchObject({
      status: 409,
      code: 'SANDBOX_EXISTS',
      message: 'A sandbox with ID lib-dup already exists',
    });
    const users = await json(`${portal.url}/__admin/sandboxes/lib-dup/users`, { token: portal.adminToken });
    expect(users.body.users).toEqual([]);
  });

  it('deleteSandbox drops it', async () => {
    await portal.createSandbox({ id: 'lib-gone', scenario: 'empty' });
    await portal.deleteSandbox('lib-gone');
    const r = await json(`${portal.url}/__admin/sandboxes/lib-gone`, { token: portal.adminToken });
    expect(r.body.error.code).toBe('SANDBOX_NOT_FOUND');
  });
});

describe('close() stops the server', () => {
  it('a second portal, closed, refuses connections', async () => {
    const other = await startPortal({ seed: 'none' });
    expect(other.url).not.toBe(portal.url);
    await other.close();
    await expect(fetch(`${other.url}/readyz`)).rejects.toThrow('fetch failed');
  });
});
