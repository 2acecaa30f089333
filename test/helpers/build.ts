import { buildApp, type AppOptions, type BuiltApp } from '../../src/app.js';
import type { TimeSource } from '../../src/domain/clock.js';

export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/** A wall clock that stands still unless a test moves it. */
export class ManualTime implements TimeSource {
  constructor(public ms = T0) {}
  nowMs(): number {
    return this.ms;
  }
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult<T> {
  status: number;
  /** The parsed JSON body (null when the answer is not JSON). */
  body: T;
  /** The body as sent. */
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface TestApp extends BuiltApp {
  time: ManualTime;
  call<T = unknown>(method: string, url: string, opts?: CallOptions): Promise<CallResult<T>>;
  close(): Promise<void>;
}

/** The app on :memory: storage with a frozen wall clock and no default demo data unless asked. */
export async function buildTestApp(
  options: {
    seed?: 'demo' | 'none';
    adminToken?: string | null;
    time?: ManualTime;
    scenariosDir?: string;
    extra?: Partial<AppOptions>;
    dataDir?: string;
  } & Pick<AppOptions, 'ssh' | 'logger'> = {},
): Promise<TestApp> {
  const time = options.time ?? new ManualTime();
  const built = await buildApp({
    dataDir: options.dataDir ?? ':memory:',
    adminToken: options.adminToken ?? null,
    seed: options.seed ?? 'none',
    scenariosDir: options.scenariosDir ?? null,
    time,
    ssh: options.ssh,
    logger: options.logger,
    ...options.extra,
  });
  await built.boot();
  const call = async <T>(method: string, url: string, opts: CallOptions = {}) => {
    const res = await built.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      ...(opts.body === undefined ? {} : { payload: opts.body as object }),
    });
    const json = String(res.headers['content-type'] ?? '').includes('json');
    return {
      status: res.statusCode,
      body: (res.body && json ? JSON.parse(res.body) : null) as T,
      text: res.body,
      headers: res.headers,
    };
  };
  return { ...built, time, call, close: () => built.app.close() };
}

export interface Fixture {
  sandbox: string;
  jdoe: string;
  asmith: string;
}

/** A frozen sandbox at T0 with two users. */
let sandboxCounter = 0;

export async function sandboxWithUsers(
  t: TestApp,
  id = `sbx-test-${++sandboxCounter}`,
  startTime = new Date(T0).toISOString(),
): Promise<Fixture> {
  const created = await t.call('POST', '/__admin/sandboxes', {
    body: { id, scenario: 'empty', frozen: true, startTime },
  });
  if (created.status !== 201) throw new Error(`sandbox create failed: ${JSON.stringify(created.body)}`);
  const user = async (ccoId: string, email: string, name: string) => {
    const r = await t.call<{ token: string }>('POST', `/__admin/sandboxes/${id}/users`, {
      body: { ccoId, email, name, company: 'Example Corp' },
    });
    if (r.status !== 201) throw new Error(`user create failed: ${JSON.stringify(r.body)}`);
    return r.body.token;
  };
  return {
    sandbox: id,
    jdoe: await user('jdoe', 'john.doe@example.com', 'John Doe'),
    asmith: await user('asmith', 'alice.smith@example.com', 'Alice Smith'),
  };
}

export interface OrderBody {
  ccoId?: string;
  activationDelay?: string;
  shippedAt?: string;
  lines: Array<Record<string, unknown>>;
}

export async function order(t: TestApp, sandbox: string, body: OrderBody) {
  const r = await t.call<{
    salesOrder: string;
    paks: Array<{ pak: string; activeAt: string; quantity: number }>;
  }>('POST', `/__admin/sandboxes/${sandbox}/orders`, {
    body: { ccoId: 'jdoe', activationDelay: '0', ...body },
  });
  if (r.status !== 201) throw new Error(`order failed: ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function advance(t: TestApp, sandbox: string, by: string) {
  const r = await t.call('POST', `/__admin/sandboxes/${sandbox}/clock`, { body: { action: 'advance', by } });
  if (r.status !== 200) throw new Error(`advance failed: ${JSON.stringify(r.body)}`);
  return r.body;
}

export type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
