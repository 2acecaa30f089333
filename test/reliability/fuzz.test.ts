/**
 * Fuzzing every route of the served OpenAPI document with fast-check: requests built from each
 * route's schema, mixed with hostile input (broken JSON, wrong types, deep nesting, bodies over the
 * limit, 10^5-character strings, control characters, SQL and template injection, 11+ PAKs, path
 * traversal in IDs). Whatever comes in: never a 5xx, every error in the error shape, and a refused
 * request changes nothing (the databases are byte-for-byte the same).
 *
 * FUZZ_RUNS (3000) sets the number of generated requests; FUZZ_SEED repeats a run.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorShapeOf } from '../../src/http/errors.js';
import { buildTestApp, T0, type TestApp } from '../helpers/build.js';
import { fromSchema, hostileBody, hostileString, type JsonSchema } from './support/arbitraries.js';
import { count, note } from './support/counts.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ADMIN = 'fuzz-admin-token-0123456789abcdef';
const KEEP = new Set(['fuzz', 'other']);

interface Route {
  method: string;
  path: string;
  parameters: Array<{ in: 'path' | 'query'; name: string; schema: JsonSchema; required?: boolean }>;
  body?: JsonSchema;
}

interface World {
  jdoe: string;
  asmith: string;
  otherSandbox: string;
  /** A Smart Software Manager access token of the fuzz sandbox (client of jdoe). */
  cssm: string;
}

let t: TestApp;
let routes: Route[];
let schemas: Record<string, JsonSchema>;
let world: World;

const inject = (opts: InjectOptions) => t.app.inject(opts);
const admin = { authorization: `Bearer ${ADMIN}` };

async function ok(method: string, url: string, payload?: unknown): Promise<unknown> {
  const r = await inject({
    method: method as 'POST',
    url,
    headers: admin,
    ...(payload ? { payload: payload as object } : {}),
  });
  if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.body ? JSON.parse(r.body) : null;
}

const tokenOf = async (sandbox: string, ccoId: string) =>
  (
    (await ok('GET', `/__admin/sandboxes/${sandbox}/users`)) as {
      users: Array<{ ccoId: string; token: string }>;
    }
  ).users.find((u) => u.ccoId === ccoId)?.token as string;

/** Path parameters that name something that exists, so that generated requests get past the lookup. */
const KNOWN: Record<string, string[] | undefined> = {
  id: ['fuzz', 'fuzz', 'fuzz', 'other'],
  serial: ['FUZZ0000001', 'JAD222605K8'],
  smartAccount: ['Example Corp', 'example.com'],
};

/** The demo world plus PAKs of every kind and one registration, in two sandboxes. */
async function ensureWorld(): Promise<void> {
  for (const id of KEEP) {
    if (t.context.deps.dbs.registry.getSandbox(id)) continue;
    await ok('POST', '/__admin/sandboxes', {
      id,
      scenario: 'demo',
      frozen: true,
      startTime: new Date(T0).toISOString(),
    });
    await ok('POST', `/__admin/sandboxes/${id}/orders`, {
      ccoId: 'jdoe',
      activationDelay: '0',
      lines: [
        { sku: 'L-AC-PLS-P-G', pak: 'FUZZPERP001' },
        { sku: 'L-AC-PLS-LIC=', users: 100, pak: 'FUZZBAND001' },
        { sku: 'L-AC-VPNO-25=', pak: 'FUZZVPNO001' },
      ],
    });
    const jdoe = await tokenOf(id, 'jdoe');
    const registered = await inject({
      method: 'POST',
      url: '/api/v1/registrations',
      headers: { authorization: `Bearer ${jdoe}` },
      payload: { paks: 'FUZZPERP001', devices: ['FUZZ0000001'], agreeToTerms: true },
    });
    if (registered.statusCode !== 201) throw new Error(registered.body);
    const requested = await inject({
      method: 'POST',
      url: '/api/v1/activation-codes',
      headers: { authorization: `Bearer ${jdoe}` },
      payload: {
        product: 'ASA AnyConnect Term and Content',
        sourceSerial: 'FUZZ0000001',
        targetSerial: 'FUZZ0000002',
      },
    });
    if (requested.statusCode !== 201) throw new Error(requested.body);
  }
  // Names of things that exist, for path parameters.
  const mail = (await ok('GET', '/__admin/sandboxes/fuzz/mail')) as { messages: Array<{ id: string }> };
  KNOWN.messageId = mail.messages.map((m) => m.id);
  for (const m of mail.messages) {
    const text = ((await ok('GET', `/__admin/sandboxes/fuzz/mail/${m.id}`)) as { text: string }).text;
    const code = /Activation Code : (\w+)/.exec(text)?.[1];
    if (code) KNOWN.code = [code];
  }
  const contracts = (await ok('GET', '/__admin/sandboxes/fuzz/contracts')) as {
    contracts: Array<{ number: string }>;
  };
  KNOWN.number = contracts.contracts.map((c) => c.number);
  // Sandboxes the fuzzer created are dropped so that snapshots stay small.
  for (const s of t.context.deps.dbs.registry.listSandboxes())
    if (!KEEP.has(s.id)) t.context.sandboxes.delete(s.id);
  world = {
    cssm: await cssmToken(),
    jdoe: await tokenOf('fuzz', 'jdoe'),
    asmith: await tokenOf('fuzz', 'asmith'),
    otherSandbox: await tokenOf('other', 'jdoe'),
  };
}

/** An API client of jdoe and an OAuth client-credentials access token for it. */
async function cssmToken(): Promise<string> {
  const client = (await ok('POST', '/__admin/sandboxes/fuzz/api-clients', {
    name: 'fuzz',
    ccoId: 'jdoe',
  })) as {
    clientId: string;
    clientSecret: string;
  };
  const r = await inject({
    method: 'POST',
    url: '/as/token.oauth2',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }).toString(),
  });
  if (r.statusCode !== 200) throw new Error(r.body);
  return (JSON.parse(r.body) as { access_token: string }).access_token;
}

/**
 * Every database, row for row: the registry and each sandbox. The request journal is left out: it
 * records every portal request, refused ones too, by design (and writes them a moment later).
 */
function snapshot(): string {
  const hash = createHash('sha256');
  const dbs = t.context.deps.dbs;
  const dump = (db: Database.Database) => {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'request_journal' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    for (const table of tables)
      hash.update(table).update(JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).raw().all()));
  };
  dump(dbs.registry.db);
  for (const s of dbs.registry.listSandboxes()) {
    hash.update(s.id);
    const store = dbs.get(s.id);
    if (store) dump(store.db);
  }
  return hash.digest('hex');
}

beforeAll(async () => {
  // Injected latency is noted, not waited for: a generated fault may ask for minutes.
  t = await buildTestApp({ adminToken: ADMIN, extra: { sleep: async () => undefined } });
  await t.app.ready();
  const doc = t.app.swagger() as unknown as {
    paths: Record<
      string,
      Record<
        string,
        {
          operationId?: string;
          parameters?: Route['parameters'];
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
        }
      >
    >;
    components: { schemas: Record<string, JsonSchema> };
  };
  schemas = doc.components.schemas;
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      // An event stream never ends by itself (its own tests read it); everything else answers.
      .filter(([, op]) => op.operationId !== 'streamEvents')
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema,
      })),
  );
  await ensureWorld();
});

afterAll(async () => {
  await t.close();
  count('fuzzCases', cases);
  count('requests', cases);
});

const resolve = (ref: string) => schemas[ref.replace('#/components/schemas/', '')] as JsonSchema;

type Auth = 'jdoe' | 'asmith' | 'other-sandbox' | 'admin' | 'cssm' | 'none' | 'garbage';

interface FuzzRequest {
  route: Route;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  extraQuery: string;
  body:
    { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string };
  auth: Auth;
  rawPath: boolean;
}

/** Lone surrogates cannot be %-encoded; a client would send U+FFFD. */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** Mail waits take real time (up to 5 minutes): short ones, and ones refused for being too long. */
const WAITS = ['0', '1ms', '20ms', '6m', 'soon', '-1s'];

const paramArb = (p: Route['parameters'][number]) =>
  p.name === 'wait'
    ? fc.constantFrom(...WAITS)
    : KNOWN[p.name]?.length
      ? fc.oneof(
          { arbitrary: fc.constantFrom(...(KNOWN[p.name] as string[])), weight: 3 },
          { arbitrary: fromSchema(p.schema, resolve), weight: 1 },
        )
      : fromSchema(p.schema, resolve);

const requestArb = (routeList: Route[]): fc.Arbitrary<FuzzRequest> =>
  fc.constantFrom(...routeList).chain((route) => {
    const param = (where: 'path' | 'query') =>
      fc.record(
        Object.fromEntries(route.parameters.filter((p) => p.in === where).map((p) => [p.name, paramArb(p)])),
        { requiredKeys: where === 'path' ? undefined : [] },
      );
    const admin = route.path.startsWith('/__admin');
    const cssm = errorShapeOf(route.path) !== 'ErrorResponse';
    return fc.record({
      route: fc.constant(route),
      params: param('path'),
      query: param('query'),
      extraQuery: fc.oneof(
        { arbitrary: fc.constant(''), weight: 8 },
        { arbitrary: hostileString.map((s) => `&unknown=${encodeURIComponent(wellFormed(s))}`), weight: 1 },
        { arbitrary: fc.constant('&ids=A&ids=B&limit=1&limit=2'), weight: 1 },
      ),
      body: route.body
        ? fc.oneof(
            {
              arbitrary: fromSchema(route.body, resolve).map((value) => ({ kind: 'json' as const, value })),
              weight: 6,
            },
            {
              arbitrary: hostileBody.map((text) => ({
                kind: 'raw' as const,
                text,
                contentType: 'application/json',
              })),
              weight: 2,
            },
            {
              arbitrary: fc
                .constantFrom(
                  'text/plain',
                  'application/x-www-form-urlencoded',
                  'application/json; charset=latin1',
                  '',
                )
                .map((contentType) => ({ kind: 'raw' as const, text: 'paks=DEMOPLS0026', contentType })),
              weight: 1,
            },
            { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
          )
        : fc.constant({ kind: 'none' as const }),
      auth: cssm
        ? fc.oneof(
            { arbitrary: fc.constant<Auth>('cssm'), weight: 8 },
            { arbitrary: fc.constantFrom<Auth>('none', 'garbage', 'jdoe', 'admin'), weight: 2 },
          )
        : admin
          ? fc.oneof(
              { arbitrary: fc.constant<Auth>('admin'), weight: 9 },
              { arbitrary: fc.constantFrom<Auth>('none', 'garbage', 'jdoe'), weight: 1 },
            )
          : fc.oneof(
              { arbitrary: fc.constant<Auth>('jdoe'), weight: 8 },
              {
                arbitrary: fc.constantFrom<Auth>('asmith', 'other-sandbox', 'none', 'garbage', 'admin'),
                weight: 2,
              },
            ),
      rawPath: fc.boolean(),
    });
  });

function toInject(r: FuzzRequest) {
  const path = r.route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = wellFormed(String(r.params[name] ?? ''));
    // Unencoded now and then, for traversal (../) and characters a client should have escaped.
    return r.rawPath ? value.replace(/[?#\s]/g, encodeURIComponent) : encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query)) {
    if (Array.isArray(v)) for (const item of v) search.append(k, String(item));
    else if (v !== null && typeof v === 'object') search.append(k, JSON.stringify(v));
    else if (v !== undefined) search.append(k, String(v));
  }
  const query = search.toString() + r.extraQuery;
  const tokens: Record<Auth, string | null> = {
    jdoe: world.jdoe,
    asmith: world.asmith,
    'other-sandbox': world.otherSandbox,
    admin: ADMIN,
    cssm: world.cssm,
    none: null,
    garbage: 'lps_notatoken\u0000',
  };
  const headers: Record<string, string> = {};
  const token = tokens[r.auth];
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (r.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(r.body.value) ?? 'null';
  } else if (r.body.kind === 'raw') {
    if (r.body.contentType) headers['content-type'] = r.body.contentType;
    payload = r.body.text;
  }
  return { method: r.route.method as 'GET', url: query ? `${path}?${query}` : path, headers, payload };
}

const describeRequest = (r: ReturnType<typeof toInject>) =>
  `${r.method} ${r.url.slice(0, 300)} ${JSON.stringify(r.headers)} ${(r.payload ?? '').slice(0, 300)}`;

/** The bodies of the three error shapes (which path answers which: errorShapeOf). */
const CSSM_ERROR_SHAPE = {
  status: 'ERROR',
  statusMessage: expect.any(String),
  errorCode: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
};
const OAUTH_ERROR_SHAPE = {
  error: expect.stringMatching(/^[a-z_]+$/),
  error_description: expect.any(String),
};

const ERROR_SHAPE = {
  error: expect.objectContaining({
    code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
    message: expect.any(String),
  }),
};
const SHAPES = { ErrorResponse: ERROR_SHAPE, CssmError: CSSM_ERROR_SHAPE, OAuthError: OAUTH_ERROR_SHAPE };
/** By the path the server saw: a traversal (../) in a parameter can lead out of the API. */
const shapeOfUrl = (url: string) => SHAPES[errorShapeOf(new URL(url, 'http://localhost').pathname)];

const isInjected = (body: string) => {
  try {
    return (
      (JSON.parse(body) as { error?: { details?: { injected?: unknown } } }).error?.details?.injected === true
    );
  } catch {
    return false;
  }
};

let cases = 0;
const statuses = new Map<number, number>();

describe('Fuzzing every route: never a 5xx, always the error shape, a refused request changes nothing', () => {
  it(`${RUNS} generated requests`, { timeout: 900_000 }, async () => {
    note(`fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} repeats this run`);
    let before = snapshot();
    await fc.assert(
      fc.asyncProperty(requestArb(routes), async (generated) => {
        cases++;
        const request = toInject(generated);
        const res = await inject(request);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const what = `${res.statusCode} for ${describeRequest(request)}\n${res.body.slice(0, 500)}`;
        // The fuzzer may itself have injected a fault (maintenance, an error rate): those 5xx are asked for.
        if (!isInjected(res.body)) expect(res.statusCode, what).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.headers['content-type'], what).toMatch(/^application\/json/);
          const body = JSON.parse(res.body) as Record<string, unknown>;
          const shape = shapeOfUrl(request.url);
          expect(Object.keys(body).sort(), what).toEqual(Object.keys(shape).sort());
          expect(body, what).toMatchObject(shape);
          if (shape === ERROR_SHAPE)
            expect((body.error as { message: string }).message.length, what).toBeGreaterThan(0);
          expect(snapshot(), `a refused request changed the databases: ${what}`).toBe(before);
        } else {
          // Raw .eml, attachments and event streams are not JSON; whatever says it is JSON must parse.
          if (String(res.headers['content-type']).startsWith('application/json'))
            expect(() => JSON.parse(res.body), what).not.toThrow();
          await ensureWorld();
          before = snapshot();
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    const tally = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    note(`fuzz: answers ${tally.join(' ')}`);
  });
});

/** Spellings of one path that a router decoding percent-escapes, or a proxy, might take for it (encoded, doubled). */
const UNRESERVED = /[A-Za-z0-9_.~-]/;
const spellingArb = (path: string): fc.Arbitrary<{ url: string; how: string }> => {
  const positions = [...path].flatMap((ch, i) => (UNRESERVED.test(ch) ? [i] : []));
  const slashes = [...path].flatMap((ch, i) => (ch === '/' ? [i] : []));
  return fc.oneof(
    fc.constantFrom(...positions).chain((i) =>
      fc.boolean().map((upper) => {
        const hex = (path.charCodeAt(i) as number).toString(16);
        return {
          url: `${path.slice(0, i)}%${upper ? hex.toUpperCase() : hex}${path.slice(i + 1)}`,
          how: 'encoded',
        };
      }),
    ),
    fc.constantFrom(...slashes).map((i) => ({ url: `${path.slice(0, i)}/${path.slice(i)}`, how: 'doubled' })),
    // No dot segments here: inject (like every HTTP client) resolves them before sending, so they
    // would arrive canonical; test/http/attacks.test.ts sends them over a raw socket instead.
  );
};

describe('Fuzzing every path with URL-encoding mutations: one spelling per path, never a way around a door', () => {
  it(`${Math.ceil(RUNS / 3)} mutated spellings of every route`, { timeout: 900_000 }, async () => {
    const before = snapshot();
    const concrete = routes.map((r) => ({
      method: r.method,
      path: r.path.replace(/\{(\w+)\}/g, (_, name: string) => KNOWN[name]?.[0] ?? 'x'),
    }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...concrete).chain((route) =>
          fc.record({
            route: fc.constant(route),
            spelling: spellingArb(route.path),
            auth: fc.constantFrom<Auth>('none', 'jdoe', 'admin', 'cssm'),
          }),
        ),
        async ({ route, spelling, auth }) => {
          cases++;
          const token = { none: null, jdoe: world.jdoe, admin: ADMIN, cssm: world.cssm }[auth as 'none'];
          const res = await inject({
            method: route.method as 'GET',
            url: spelling.url,
            headers: token ? { authorization: `Bearer ${token}` } : {},
          });
          const what = `${res.statusCode} for ${route.method} ${spelling.url} (${spelling.how}, ${auth})\n${res.body.slice(0, 300)}`;
          expect(res.statusCode, what).toBe(400);
          expect(JSON.parse(res.body), what).toMatchObject(shapeOfUrl(route.path));
          const shape = shapeOfUrl(route.path);
          expect(res.body, what).toContain(
            shape === OAUTH_ERROR_SHAPE ? 'canonical form' : 'NON_CANONICAL_PATH',
          );
        },
      ),
      { numRuns: Math.ceil(RUNS / 3), seed: SEED, endOnFailure: true },
    );
    expect(snapshot(), 'a mutated spelling changed the databases').toBe(before);
  });
});

describe('Requests Node itself has to parse, over a real socket, come back in the error shape', () => {
  const raw = async (port: number, text: string) => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.end(text);
    await once(socket, 'close');
    return data;
  };

  it('broken request lines, oversized headers and bad framing', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const requests = [
      'GARBAGE\r\n\r\n',
      'GET /healthz HTTP/9.9\r\n\r\n',
      `GET /api/v1/paks?ids=${'A'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      'GET /api/v1/devices/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /api/v1/devices/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'POST /api/v1/registrations HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'POST /api/v1/registrations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
      'POST /api/v1/registrations HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: x\r\nX: \u0001\r\n\r\n',
    ];
    const generated = fc.sample(
      fc
        .string({ unit: 'binary-ascii', maxLength: 200 })
        .map((junk) => `GET /healthz${junk} HTTP/1.1\r\nHost: x\r\n\r\n`),
      { numRuns: 100, seed: SEED },
    );
    for (const text of [...requests, ...generated]) {
      cases++;
      const answer = await raw(port, text);
      // A refused connection is fine; an answer must be an HTTP response, in the shape when it is an error.
      if (answer === '') continue;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
      const what = `${status} for ${JSON.stringify(text.slice(0, 120))}: ${answer.slice(0, 400)}`;
      expect(status, what).toBeGreaterThanOrEqual(200);
      expect(status, what).toBeLessThan(500);
      if (status >= 400) {
        const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as unknown;
        expect(body, what).toMatchObject(ERROR_SHAPE);
      }
    }
  });
});
