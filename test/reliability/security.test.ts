/**
 * Security: tokens gate every portal and control-plane route (enumerated from the served OpenAPI
 * document, so new routes are covered as they appear); users and sandboxes cannot see each other;
 * user-supplied text is inert in HTML emails; size limits hold; tokens never reach the log.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, T0, type ErrorBody, type TestApp } from '../helpers/build.js';
import { count } from './support/counts.js';
import { call, flushRequestCount, startServer } from './support/server.js';

const ADMIN = 'security-admin-token-0123456789';
let t: TestApp;
let requests = 0;
type Door = 'portal' | 'admin' | 'cssm';
let routes: Array<{ method: string; path: string; door: Door }>;

const inject = async <T = unknown>(
  method: string,
  url: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> => {
  requests++;
  const r = await t.app.inject({
    method: method as 'GET',
    url,
    headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
    ...(opts.body === undefined ? {} : { payload: opts.body as object }),
  });
  return { status: r.statusCode, body: (r.body ? JSON.parse(r.body) : null) as T };
};

async function admin<T>(method: string, url: string, body?: unknown): Promise<T> {
  const r = await inject<T>(method, url, { token: ADMIN, body });
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A sandbox with two users; jdoe has registered a PAK to JAD00000001 and asked for an activation code. */
async function world(id: string) {
  await admin('POST', '/__admin/sandboxes', {
    id,
    scenario: 'demo',
    frozen: true,
    startTime: new Date(T0).toISOString(),
  });
  const users = (
    await admin<{ users: Array<{ ccoId: string; token: string }> }>('GET', `/__admin/sandboxes/${id}/users`)
  ).users;
  const token = (ccoId: string) => users.find((u) => u.ccoId === ccoId)?.token as string;
  const registered = await inject<{ transactionId: string }>('POST', '/api/v1/registrations', {
    token: token('jdoe'),
    body: { paks: 'DEMOPLSPERP', devices: ['JAD00000001'], agreeToTerms: true },
  });
  expect(registered.status).toBe(201);
  const code = await inject('POST', '/api/v1/activation-codes', {
    token: token('jdoe'),
    body: {
      product: 'ASA AnyConnect Term and Content',
      sourceSerial: 'JAD00000001',
      targetSerial: 'JAD00000002',
    },
  });
  expect(code.status).toBe(201);
  const mail = await admin<{ messages: Array<{ id: string }> }>(
    'GET',
    `/__admin/sandboxes/${id}/mail?subject=Device%20Registration`,
  );
  const text = (await admin<{ text: string }>('GET', `/__admin/sandboxes/${id}/mail/${mail.messages[0]?.id}`))
    .text;
  return {
    jdoe: token('jdoe'),
    asmith: token('asmith'),
    transactionId: registered.body.transactionId,
    activationCode: /Activation Code : (\w+)/.exec(text)?.[1] as string,
  };
}

/** Which token opens a route, as its OpenAPI security says. */
function doorOf(security: Array<Record<string, unknown>>): Door {
  if (security.some((s) => 'userToken' in s)) return 'portal';
  if (security.some((s) => 'cssmBearer' in s)) return 'cssm';
  return 'admin';
}

let a: Awaited<ReturnType<typeof world>>;
let b: Awaited<ReturnType<typeof world>>;

beforeAll(async () => {
  t = await buildTestApp({ adminToken: ADMIN });
  await t.app.ready();
  const doc = t.app.swagger() as unknown as {
    paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      // Routes with a token; `security: []` marks the public ones (probes, OAuth token endpoints).
      .filter(([, op]) => op.security?.length)
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path: path.replace(/\{\w+\}/g, 'x'),
        door: doorOf(op.security ?? []),
      })),
  );
  a = await world('sandbox-a');
  b = await world('sandbox-b');
});

afterAll(async () => {
  await t.close();
  count('requests', requests);
  flushRequestCount();
});

describe('Every portal route needs a user token', () => {
  it('the OpenAPI document lists the portal routes', () => {
    expect(routes.filter((r) => r.door === 'portal').length).toBeGreaterThanOrEqual(14);
  });

  it('no token: 401 UNAUTHORIZED; an unknown one or the admin token: 401 INVALID_TOKEN, on each of them', async () => {
    for (const route of routes.filter((r) => r.door === 'portal')) {
      const what = `${route.method} ${route.path}`;
      const none = await inject<ErrorBody>(route.method, route.path, {
        body: route.method === 'GET' ? undefined : {},
      });
      expect([what, none.status, none.body.error.code]).toEqual([what, 401, 'UNAUTHORIZED']);
      for (const token of ['lps_00000000000000000000000000000000', ADMIN]) {
        const bad = await inject<ErrorBody>(route.method, route.path, {
          token,
          body: route.method === 'GET' ? undefined : {},
        });
        expect([what, bad.status, bad.body.error.code]).toEqual([what, 401, 'INVALID_TOKEN']);
      }
    }
  });
});

describe('Every Smart Software Manager route needs an access token', () => {
  it("no token: 401 UNAUTHORIZED; a user token, the admin token or a made-up one: 401 INVALID_TOKEN, in Cisco's error shape", async () => {
    const cssmRoutes = routes.filter((r) => r.door === 'cssm');
    expect(cssmRoutes.length).toBeGreaterThanOrEqual(9);
    for (const route of cssmRoutes) {
      const what = `${route.method} ${route.path}`;
      for (const token of [undefined, a.jdoe, ADMIN, 'client.notatoken']) {
        const r = await inject<{ status: string; errorCode: string }>(route.method, route.path, {
          token,
          body: route.method === 'GET' ? undefined : {},
        });
        expect([what, r.status, r.body.status, r.body.errorCode]).toEqual([
          what,
          401,
          'ERROR',
          token === undefined ? 'UNAUTHORIZED' : 'INVALID_TOKEN',
        ]);
      }
    }
  });
});

describe('The control plane needs ADMIN_TOKEN when one is set', () => {
  it('no token, a wrong one or a user token: 401 ADMIN_UNAUTHORIZED on every /__admin route', async () => {
    const adminRoutes = routes.filter((r) => r.door === 'admin');
    expect(adminRoutes.length).toBeGreaterThanOrEqual(20);
    for (const route of adminRoutes) {
      const what = `${route.method} ${route.path}`;
      for (const token of [undefined, `${ADMIN}x`, ADMIN.slice(0, -1), a.jdoe]) {
        const r = await inject<ErrorBody>(route.method, route.path, {
          token,
          body: route.method === 'GET' ? undefined : {},
        });
        expect([what, r.status, r.body.error.code]).toEqual([what, 401, 'ADMIN_UNAUTHORIZED']);
      }
      const ok = await inject(route.method, route.path, {
        token: ADMIN,
        body: route.method === 'GET' ? undefined : {},
      });
      expect(ok.status, what).not.toBe(401);
    }
  });
});

describe("One user's token shows nothing of another user's", () => {
  it("asmith cannot see jdoe's transaction, device, activation code, sales orders or contracts", async () => {
    const tx = await inject<ErrorBody>('GET', `/api/v1/transactions/${a.transactionId}`, { token: a.asmith });
    expect([tx.status, tx.body.error.code]).toEqual([404, 'TRANSACTION_NOT_FOUND']);
    const list = await inject<{ total: number }>('GET', '/api/v1/transactions', { token: a.asmith });
    expect(list.body.total).toBe(0);
    const device = await inject<ErrorBody>('GET', '/api/v1/devices/JAD00000001', { token: a.asmith });
    expect([device.status, device.body.error.code]).toEqual([404, 'DEVICE_NOT_FOUND']);
    const code = await inject<ErrorBody>('GET', `/api/v1/activation-codes/${a.activationCode}`, {
      token: a.asmith,
    });
    expect([code.status, code.body.error.code]).toEqual([404, 'ACTIVATION_CODE_INVALID']);
    const share = await inject<ErrorBody>('POST', '/api/v1/shares', {
      token: a.asmith,
      body: { activationCode: a.activationCode, agreeToTerms: true },
    });
    expect([share.status, share.body.error.code]).toEqual([404, 'ACTIVATION_CODE_INVALID']);
    const bySerial = await inject<{ paks: unknown[] } | ErrorBody>(
      'GET',
      '/api/v1/paks/search?serial=JAD00000001',
      {
        token: a.asmith,
      },
    );
    expect(bySerial.status).toBe(404);
    const contracts = await inject<{ contracts: Array<{ salesOrder: string }> }>('GET', '/api/v1/contracts', {
      token: a.asmith,
    });
    const jdoeContracts = await inject<{ contracts: Array<{ salesOrder: string }> }>(
      'GET',
      '/api/v1/contracts',
      {
        token: a.jdoe,
      },
    );
    const theirs = new Set(jdoeContracts.body.contracts.map((c) => c.salesOrder));
    expect(contracts.body.contracts.filter((c) => theirs.has(c.salesOrder))).toEqual([]);
  });

  it('the mailbox is control plane only: a user token on it is 401', async () => {
    const r = await inject<ErrorBody>('GET', '/__admin/sandboxes/sandbox-a/mail', { token: a.jdoe });
    expect([r.status, r.body.error.code]).toEqual([401, 'ADMIN_UNAUTHORIZED']);
  });
});

describe("A sandbox's token reaches only its own sandbox", () => {
  it("sandbox A's token cannot see sandbox B's transaction, device or activation code", async () => {
    const tx = await inject<ErrorBody>('GET', `/api/v1/transactions/${b.transactionId}`, { token: a.jdoe });
    expect([tx.status, tx.body.error.code]).toEqual([404, 'TRANSACTION_NOT_FOUND']);
    const code = await inject<ErrorBody>('GET', `/api/v1/activation-codes/${b.activationCode}`, {
      token: a.jdoe,
    });
    expect([code.status, code.body.error.code]).toEqual([404, 'ACTIVATION_CODE_INVALID']);
    // Both sandboxes have a JAD00000001; A's token sees A's only.
    const device = await inject<{ licenses: Array<{ transactionId: string }> }>(
      'GET',
      '/api/v1/devices/JAD00000001',
      {
        token: a.jdoe,
      },
    );
    expect(device.body.licenses.map((l) => l.transactionId)).toEqual([a.transactionId]);
  });

  it("a PAK ordered in sandbox B does not exist for sandbox A's users", async () => {
    const ordered = await admin<{ paks: Array<{ pak: string }> }>(
      'POST',
      '/__admin/sandboxes/sandbox-b/orders',
      {
        ccoId: 'jdoe',
        activationDelay: '0',
        lines: [{ sku: 'L-AC-PLS-P-G' }],
      },
    );
    const pak = ordered.paks[0]?.pak as string;
    expect((await inject('GET', `/api/v1/paks?ids=${pak}`, { token: b.jdoe })).status).toBe(200);
    const r = await inject<ErrorBody>('GET', `/api/v1/paks?ids=${pak}`, { token: a.jdoe });
    expect([r.status, r.body.error.code]).toEqual([404, 'PAK_INVALID_OR_INACTIVE']);
  });
});

describe('User-supplied names are inert in HTML emails', () => {
  it('a user named <script> gets an eDelivery email whose HTML shows the name as text', async () => {
    const name = '<script>alert("x")</script> <img src=x onerror=alert(1)>';
    await admin('POST', '/__admin/sandboxes/sandbox-a/users', {
      ccoId: 'mallory',
      email: 'mallory@example.com',
      name,
      company: '<b>Evil</b> & Co',
    });
    const o = await admin<{ eDeliveryMailId: string }>('POST', '/__admin/sandboxes/sandbox-a/orders', {
      ccoId: 'mallory',
      lines: [{ sku: 'L-AC-PLS-P-G' }],
    });
    const mail = await admin<{ html: string; text: string }>(
      'GET',
      `/__admin/sandboxes/sandbox-a/mail/${o.eDeliveryMailId}`,
    );
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;',
    );
    // The text part is plain text: it shows the name as typed.
    expect(mail.text).toContain(name);
  });
});

describe('Size limits', () => {
  it('a body over 1 MiB is 413 BODY_TOO_LARGE; 101 devices, 101 order lines and 11 PAKs are 400', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registrations',
      headers: { authorization: `Bearer ${a.jdoe}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        paks: 'DEMOPLSPERP',
        devices: ['x'.repeat(1024 * 1024)],
        agreeToTerms: true,
      }),
    });
    requests++;
    expect(big.statusCode).toBe(413);
    expect(JSON.parse(big.body).error.code).toBe('BODY_TOO_LARGE');
    const devices = await inject<ErrorBody>('POST', '/api/v1/registrations', {
      token: a.jdoe,
      body: {
        paks: 'DEMOPLSPERP',
        devices: Array.from({ length: 101 }, (_, i) => `JAD${i}XXXX`),
        agreeToTerms: true,
      },
    });
    expect([devices.status, devices.body.error.message]).toEqual([
      400,
      'devices: must NOT have more than 100 items',
    ]);
    const lines = await inject<ErrorBody>('POST', '/__admin/sandboxes/sandbox-a/orders', {
      token: ADMIN,
      body: { ccoId: 'jdoe', lines: Array.from({ length: 101 }, () => ({ sku: 'L-AC-PLS-P-G' })) },
    });
    expect([lines.status, lines.body.error.message]).toEqual([
      400,
      'lines: must NOT have more than 100 items',
    ]);
    const paks = await inject<ErrorBody>(
      'GET',
      `/api/v1/paks?ids=${Array.from({ length: 11 }, (_, i) => `P${i}`).join(',')}`,
      {
        token: a.jdoe,
      },
    );
    expect([paks.status, paks.body.error.code]).toEqual([400, 'TOO_MANY_PAKS']);
  });
});

describe('Tokens never reach the log', () => {
  it('a real server at LOG_LEVEL=trace logs no user token and never the admin token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lps-log-'));
    const server = await startServer({
      dataDir,
      env: { LOG_LEVEL: 'trace', ADMIN_TOKEN: ADMIN, SEED: 'demo' },
      captureOutput: true,
    });
    try {
      const base = server.url;
      const auth = { token: ADMIN };
      const created = await call(base, 'POST', '/__admin/sandboxes', {
        ...auth,
        body: { id: 'logged', scenario: 'demo' },
      });
      expect(created.status).toBe(201);
      const users = await call<{ users: Array<{ token: string }> }>(
        base,
        'GET',
        '/__admin/sandboxes/logged/users',
        auth,
      );
      const tokens = users.body.users.map((u) => u.token);
      expect(tokens).toHaveLength(2);
      for (const token of tokens) {
        await call(base, 'GET', '/api/v1/paks?ids=DEMOPLS0026', { token });
        await call(base, 'GET', '/api/v1/transactions/0000000000', { token });
        await call(base, 'POST', '/api/v1/registrations', { token, body: { broken: true } });
        await call(base, 'GET', '/api/v1/paks?ids=DEMOPLS0026', { token: `${token}x` });
      }
      await call(base, 'GET', '/__admin/sandboxes', { token: `${ADMIN}x` });
      // Requests the HTTP parser refuses carry their raw bytes, Authorization header included.
      const { port } = new URL(base);
      for (const head of [`X-Big: ${'b'.repeat(20_000)}`, 'Bad Header: 1']) {
        const socket = connect(Number(port), '127.0.0.1');
        await once(socket, 'connect');
        socket.on('data', () => undefined).on('error', () => undefined);
        socket.end(
          `GET /api/v1/transactions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokens[0]}\r\n${head}\r\n\r\n`,
        );
        await once(socket, 'close');
      }
      await server.stop();
      const output = server.output();
      // Every request was logged, one line each.
      expect(output.match(/"msg":"GET \/api\/v1\/paks\?ids=DEMOPLS0026 \d+ /g)).toHaveLength(4);
      // As text, or as the bytes of a logged buffer.
      const asBytes = (text: string) => [...Buffer.from(text)].join(',');
      for (const secret of [...tokens, ADMIN]) {
        expect(output).not.toContain(secret);
        expect(output).not.toContain(asBytes(secret));
      }
      // The default sandbox's tokens are printed once, in the start-up banner, never in a log line.
      const logLines = output.split('\n').filter((l) => l.startsWith('{'));
      const bannerTokens = output
        .split('\n')
        .filter((l) => !l.startsWith('{'))
        .flatMap((l) => [...l.matchAll(/\b(lps_\w+)/g)].map((m) => m[1] as string));
      expect(bannerTokens.length).toBeGreaterThan(0);
      for (const token of bannerTokens) expect(logLines.filter((l) => l.includes(token))).toEqual([]);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
