/**
 * fast-check commands that drive the real app (buildApp in-process) and the reference model side by
 * side. Every command compares the answer's status (and error code) with the model's prediction,
 * then `observe` compares everything a user or a test can see: PAK lines, devices, Smart Account
 * entitlements, the Smart Software Manager API's licenses, transactions, mail and contracts.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/build.js';
import { T0 } from '../helpers/build.js';
import { LedgerModel, PARTS, VIRTUAL_ACCOUNTS, type Outcome, type Va } from './ledger-model.js';

const CSSM = '/services/api/smart-accounts-and-licensing';
export const SERIALS = ['JADM000001', 'JADM000002', 'JADM000003', 'JADM000004', 'JADM000005'];

export interface Real {
  t: TestApp;
  sandbox: string;
  jdoe: string;
  client: { clientId: string; clientSecret: string };
  orders: number;
  created: string[];
}

type Answer = { status: number; body: { error?: { code: string } } & Record<string, unknown> };

const DOCUMENT = {
  smartAccounts: [{ name: 'Example Corp', domain: 'example.com', virtualAccounts: ['Default', 'Lab'] }],
  users: [
    {
      ccoId: 'jdoe',
      email: 'john.doe@example.com',
      name: 'John Doe',
      company: 'Example Corp',
      smartAccounts: ['Example Corp'],
    },
  ],
};

let counter = 0;

/** A frozen sandbox at T0 with no orders, activation at eDelivery, and an API client. */
export async function setup(t: TestApp): Promise<{ model: LedgerModel; real: Real }> {
  const id = `model-${process.pid}-${++counter}`;
  const r = await t.call<{ users: Array<{ ccoId: string; token: string }> }>('POST', '/__admin/sandboxes', {
    body: {
      id,
      scenarioDocument: DOCUMENT,
      frozen: true,
      startTime: new Date(T0).toISOString(),
      settings: { activationDelay: '0' },
    },
  });
  if (r.status !== 201) throw new Error(`sandbox: ${r.text}`);
  const real: Real = {
    t,
    sandbox: id,
    jdoe: r.body.users[0]?.token as string,
    client: await newClient(t, id),
    orders: 0,
    created: [id],
  };
  return { model: new LedgerModel(T0), real };
}

async function newClient(t: TestApp, sandbox: string) {
  const c = await t.call<{ clientId: string; clientSecret: string }>(
    'POST',
    `/__admin/sandboxes/${sandbox}/api-clients`,
    { body: {} },
  );
  if (c.status !== 201) throw new Error(`api client: ${c.text}`);
  return c.body;
}

async function cssm(real: Real, method: 'GET' | 'POST', path: string, body?: unknown) {
  const tok = await real.t.app.inject({
    method: 'POST',
    url: `/as/token.oauth2?grant_type=client_credentials&client_id=${real.client.clientId}&client_secret=${real.client.clientSecret}`,
  });
  const token = (JSON.parse(tok.body) as { access_token: string }).access_token;
  const res = await real.t.app.inject({
    method,
    url: `${CSSM}${path}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
}

function expectOutcome(what: string, got: Answer, want: Outcome) {
  const code = got.status >= 400 ? (got.body.error?.code ?? (got.body as { code?: string }).code) : undefined;
  expect({ what, status: got.status, code }).toEqual({ what, status: want.status, code: want.code });
}

/** Everything observable equals the model; the invariants hold on both. */
export async function observe(model: LedgerModel, real: Real): Promise<void> {
  const { t } = real;
  const portal = <T>(url: string) => t.call<T>('GET', url, { token: real.jdoe });
  expect(model.invariants()).toEqual([]);
  for (const p of model.paks.values()) {
    const found = await portal<
      { status: string; lines: Array<{ quantity: number; quantityAssigned: number }> }[]
    >(`/api/v1/paks/search?salesOrder=${p.salesOrder}`);
    const body = found.body as unknown as {
      paks: Array<{
        pak: string;
        status: string;
        lines: Array<{ quantity: number; quantityAssigned: number }>;
      }>;
    };
    const got = body.paks.find((x) => x.pak === p.pak);
    expect({ pak: p.pak, line: got?.lines[0], deactivated: got?.status === 'deactivated' }).toEqual({
      pak: p.pak,
      line: expect.objectContaining({ quantity: p.quantity, quantityAssigned: p.assigned }),
      deactivated: p.deactivated,
    });
  }
  for (const serial of SERIALS) {
    const d = await portal<{ licenses?: Array<{ pak: string; quantity: number }> }>(
      `/api/v1/devices/${serial}`,
    );
    const got = (d.body.licenses ?? []).map((l) => `${l.pak}×${l.quantity}`).sort();
    const want = model.holdings
      .filter((h) => h.serial === serial)
      .map((h) => `${h.pak}×${h.quantity}`)
      .sort();
    expect({ serial, licenses: got }).toEqual({ serial, licenses: want });
  }
  const sa = await portal<{ entitlements: Array<{ pak: string; quantity: number }> }>(
    '/api/v1/smart-accounts/Example%20Corp/licenses',
  );
  for (const p of model.paks.values()) {
    const sum = sa.body.entitlements.filter((e) => e.pak === p.pak).reduce((s, e) => s + e.quantity, 0);
    expect({ pak: p.pak, provisioned: sum }).toEqual({ pak: p.pak, provisioned: p.provisioned });
    expect(sum).toBeLessThanOrEqual(p.entitlement);
  }
  const licenses = await cssm(real, 'POST', '/v1/accounts/example.com/licenses', { limit: 1000 });
  const rows =
    (licenses.body.licenses as Array<{ virtualAccount: string; license: string; quantity: number }>) ?? [];
  for (const va of VIRTUAL_ACCOUNTS) {
    for (const license of ['AnyConnect Plus', 'AnyConnect Apex', 'AnyConnect VPN Only']) {
      const got = rows.find((r) => r.virtualAccount === va && r.license === license)?.quantity ?? 0;
      expect({ va, license, quantity: got }).toEqual({ va, license, quantity: model.held(va, license) });
    }
  }
  const tx = await portal<{ total: number; transactions: Array<{ status: string }> }>(
    '/api/v1/transactions?limit=500',
  );
  expect({
    transactions: tx.body.total,
    processing: tx.body.transactions.filter((x) => x.status === 'processing').length,
    failed: tx.body.transactions.filter((x) => x.status === 'failed').length,
  }).toEqual({
    transactions: model.transactions.length,
    processing: model.transactions.filter((x) => x.status === 'processing').length,
    failed: model.transactions.filter((x) => x.status === 'failed').length,
  });
  const mail = await t.call<{ messages: unknown[] }>(
    'GET',
    `/__admin/sandboxes/${real.sandbox}/mail?folder=all`,
  );
  expect({ mail: mail.body.messages.length }).toEqual({ mail: model.mail });
  const contracts = await t.call<{ contracts: unknown[] }>(
    'GET',
    `/__admin/sandboxes/${real.sandbox}/contracts`,
  );
  expect({ contracts: contracts.body.contracts.length }).toEqual({ contracts: model.contracts });
}

type Cmd = fc.AsyncCommand<LedgerModel, Real, false>;

const command = (name: string, run: (m: LedgerModel, r: Real) => Promise<void>): Cmd => ({
  check: () => true,
  run: async (m, r) => {
    await run(m, r);
    await observe(m, r);
  },
  toString: () => name,
});

const pakOf = (m: LedgerModel, i: number) => {
  const paks = [...m.paks.keys()];
  return paks.length === 0 ? 'NOSUCHPAK01' : (paks[i % paks.length] as string);
};

function register(
  pick: number,
  devices: number[],
  mode: 'default' | 'devices' | 'wrong' | 'all',
  va: Va | null,
  replay: boolean,
) {
  const serials = [...new Set(devices.map((d) => SERIALS[d] as string))];
  return command(
    `register(pak#${pick}, [${serials.join(',')}], ${mode}, ${va ?? 'no Smart Account'}${replay ? ', replayed' : ''})`,
    async (m, r) => {
      const pak = pakOf(m, pick);
      const p = m.paks.get(pak);
      const line: Record<string, unknown> = { sku: p?.part.sku ?? 'L-AC-PLS-LIC=' };
      if (mode === 'devices') line.quantity = serials.length;
      if (mode === 'wrong') line.quantity = serials.length + 1;
      if (mode === 'all') line.registerAll = true;
      const body = {
        paks: pak,
        devices: serials,
        agreeToTerms: true,
        ...(mode === 'default' ? {} : { lines: [line] }),
        ...(va === null ? {} : { smartAccount: 'Example Corp', virtualAccount: va }),
      };
      const key = `model-${m.transactions.length}-${pick}`;
      const send = () =>
        r.t.call<Answer['body']>('POST', '/api/v1/registrations', {
          token: r.jdoe,
          body,
          headers: replay ? { 'idempotency-key': key } : {},
        });
      const got = await send();
      expectOutcome('registration', got, m.register(pak, serials, mode, va));
      if (replay) {
        const again = await send();
        expect({ status: again.status, body: again.body }).toEqual({ status: got.status, body: got.body });
      }
    },
  );
}

function order(part: number, quantity: number, users: number | null) {
  const p = PARTS[part % PARTS.length] as (typeof PARTS)[number];
  return command(`order(${p.sku} × ${quantity}${users === null ? '' : `, ${users} users`})`, async (m, r) => {
    const n = ++r.orders;
    const pak = `M${String(n).padStart(10, '0')}`;
    const salesOrder = String(700000 + n);
    const line: Record<string, unknown> = { sku: p.sku, quantity, pak };
    if (users !== null) line.users = users;
    const got = await r.t.call<Answer['body']>('POST', `/__admin/sandboxes/${r.sandbox}/orders`, {
      body: { ccoId: 'jdoe', salesOrder, lines: [line] },
    });
    expectOutcome('order', got, m.order(p, pak, salesOrder, quantity, users));
  });
}

const rma = (d: number) =>
  command(`rma(${SERIALS[d]})`, async (m, r) => {
    const serial = SERIALS[d] as string;
    const got = await r.t.call<Answer['body']>(
      'POST',
      `/__admin/sandboxes/${r.sandbox}/devices/${serial}/rma`,
    );
    expectOutcome('rma', got, m.rma(serial));
  });

const sharingRequest = (pick: number, va: Va) =>
  command(`smartAccountRequest(pak#${pick}, ${va})`, async (m, r) => {
    const pak = pakOf(m, pick);
    const license = m.paks.get(pak)?.part.license ?? 'AnyConnect Plus';
    const got = await r.t.call<Answer['body']>('POST', '/api/v1/smart-account-requests', {
      token: r.jdoe,
      body: {
        smartAccount: 'Example Corp',
        virtualAccount: va,
        pak,
        licenseType: license.replace('AnyConnect ', ''),
      },
    });
    expectOutcome('smart account request', got, m.sharingRequest(pak, va));
  });

const demo = (d: number) =>
  command(`demo(${SERIALS[d]})`, async (m, r) => {
    const serial = SERIALS[d] as string;
    const got = await r.t.call<Answer['body']>('POST', '/api/v1/demo-licenses', {
      token: r.jdoe,
      body: { serial, agreeToTerms: true },
    });
    expectOutcome('demo', got, m.demo(serial));
  });

const advance = (hours: number) =>
  command(`advance(${hours}h)`, async (m, r) => {
    const got = await r.t.call('POST', `/__admin/sandboxes/${r.sandbox}/clock`, {
      body: { action: 'advance', by: `${hours}h` },
    });
    expect(got.status).toBe(200);
    m.advance(hours * 3_600_000);
  });

const transfer = (license: number, quantity: number, from: Va) =>
  command(`transfer(${quantity} ${['Plus', 'Apex', 'VPN Only'][license]} from ${from})`, async (m, r) => {
    const name = `AnyConnect ${['Plus', 'Apex', 'VPN Only'][license]}`;
    const to: Va = from === 'Default' ? 'Lab' : 'Default';
    const got = await cssm(r, 'POST', `/v1/accounts/example.com/virtual-accounts/${from}/licenses/transfer`, {
      licenses: [{ license: name, quantity, targetVirtualAccount: to }],
    });
    // The Smart Software Manager API answers in Cisco's error shape: the status says it.
    expect({ transfer: got.status }).toEqual({ transfer: m.transfer(name, quantity, from, to).status });
  });

const token = (va: Va) =>
  command(`createToken(${va})`, async (_m, r) => {
    const got = await cssm(r, 'POST', `/v1/accounts/example.com/virtual-accounts/${va}/tokens`, {
      description: 'model',
      expiresAfterDays: 30,
    });
    expect(got.status).toBe(200);
  });

const clone = () =>
  command('clone()', async (_m, r) => {
    const got = await r.t.call<{ id: string; users: Array<{ token: string }> }>(
      'POST',
      `/__admin/sandboxes/${r.sandbox}/clone`,
      { body: {} },
    );
    expect(got.status).toBe(201);
    r.sandbox = got.body.id;
    r.created.push(got.body.id);
    r.jdoe = got.body.users[0]?.token as string;
    // An API client's tokens are for the sandbox it was made in: the clone gets its own.
    r.client = await newClient(r.t, r.sandbox);
  });

const reset = () =>
  command('reset()', async (m, r) => {
    const got = await r.t.call('POST', `/__admin/sandboxes/${r.sandbox}/reset`);
    expect(got.status).toBe(200);
    const users = await r.t.call<{ users: Array<{ token: string }> }>(
      'GET',
      `/__admin/sandboxes/${r.sandbox}/users`,
    );
    r.jdoe = users.body.users[0]?.token as string;
    r.client = await newClient(r.t, r.sandbox);
    Object.assign(m, new LedgerModel(T0));
  });

/** The command mix: mostly orders and registrations, every other operation now and then. */
export function commandArbitraries(): Array<fc.Arbitrary<Cmd>> {
  const va = fc.constantFrom<Va>(...VIRTUAL_ACCOUNTS);
  const device = fc.nat({ max: SERIALS.length - 1 });
  const orders = fc
    .tuple(
      fc.nat({ max: PARTS.length - 1 }),
      fc.constantFrom(1, 1, 2, 3),
      fc.option(fc.constantFrom(5, 26, 102), { nil: null }),
    )
    .map(([p, q, u]) => order(p, q, PARTS[p]?.unit === 'users' ? (u ?? 10) : u));
  const registrations = fc
    .tuple(
      fc.nat({ max: 20 }),
      fc.array(device, { minLength: 1, maxLength: 3 }),
      fc.constantFrom<'default' | 'devices' | 'wrong' | 'all'>(
        'default',
        'default',
        'devices',
        'wrong',
        'all',
      ),
      fc.option(va, { nil: null }),
      fc.boolean(),
    )
    .map(([p, d, mode, v, replay]) => register(p, d, mode, v, replay));
  return [
    orders,
    orders,
    orders,
    registrations,
    registrations,
    registrations,
    registrations,
    registrations,
    device.map(rma),
    fc.tuple(fc.nat({ max: 20 }), va).map(([p, v]) => sharingRequest(p, v)),
    device.map(demo),
    fc.constantFrom(1, 6, 24, 24 * 7, 24 * 28, 24 * 90).map(advance),
    fc.tuple(fc.nat({ max: 2 }), fc.constantFrom(1, 10, 50, 102), va).map(([l, q, v]) => transfer(l, q, v)),
    va.map(token),
    fc.constant(null).map(clone),
    fc.constant(null).map(reset),
  ];
}

export interface Profile {
  runs: number;
  maxCommands: number;
  /** Wall-clock budget of the whole check, shrinking included (fast-check stops and reports then). */
  budgetMs: number;
  seed?: number;
  path?: string;
}

/** Seeded and replayable: a failure prints the seed, the path and the shrunk command list. */
export async function checkLedger(t: TestApp, profile: Profile): Promise<void> {
  const seed = profile.seed ?? Number(process.env.LEDGER_MODEL_SEED ?? Date.now() % 2 ** 31);
  const path = profile.path ?? process.env.LEDGER_MODEL_PATH;
  await fc.assert(
    fc.asyncProperty(
      fc
        // size 'max': most sequences run from 20 to maxCommands operations; no lower bound is
        // imposed, so a failure shrinks to the few operations that matter.
        .commands(commandArbitraries(), { maxCommands: profile.maxCommands, size: 'max' }),
      async (cmds) => {
        const { model, real } = await setup(t);
        try {
          await observe(model, real);
          await fc.asyncModelRun(() => ({ model, real }), cmds);
        } finally {
          for (const id of real.created) await t.call('DELETE', `/__admin/sandboxes/${id}`);
        }
      },
    ),
    {
      numRuns: profile.runs,
      seed,
      interruptAfterTimeLimit: profile.budgetMs,
      markInterruptAsFailure: false,
      ...(path === undefined ? {} : { path }),
      // The failure message carries the seed, the path and the shrunk command list; replay it with
      // LEDGER_MODEL_SEED and LEDGER_MODEL_PATH.
      verbose: 1,
    },
  );
}
