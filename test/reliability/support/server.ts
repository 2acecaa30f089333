/** A real server process (node --import tsx src/main.ts serve) and a small HTTP client that counts its requests. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, type Proc } from '../../../bench/lib/processes.js';
import { count } from './counts.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServerOptions {
  dataDir: string;
  env?: Record<string, string>;
  captureOutput?: boolean;
}

/** Starts the server as `npm start` would, on a free loopback port, and waits for /readyz. */
export function startServer(options: ServerOptions): Promise<Proc> {
  return startProcess({
    name: 'license-portal-sim',
    command: process.execPath,
    args: ['--import', 'tsx', join(ROOT, 'src/main.ts'), 'serve'],
    cwd: ROOT,
    env: { LOG_LEVEL: 'warn', SEED: 'none', DATA_DIR: options.dataDir, ...options.env },
    probe: { path: '/readyz' },
    captureOutput: options.captureOutput,
    timeoutMs: 90_000,
  });
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

let requests = 0;

/** Adds this file's requests to the suite's totals; call once, in afterAll. */
export function flushRequestCount(): void {
  count('requests', requests);
  requests = 0;
}

export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  requests++;
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    body:
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string'
          ? opts.body
          : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body: body as T, text };
}

async function expectStatus<T>(reply: Promise<Reply<T>>, status: number, what: string): Promise<T> {
  const r = await reply;
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${r.text}`);
  return r.body;
}

/** A frozen sandbox with one user; returns the user's token. */
export async function sandboxWithUser(
  base: string,
  id: string,
  ccoId = 'jdoe',
  adminToken?: string,
): Promise<string> {
  await expectStatus(
    call(base, 'POST', '/__admin/sandboxes', {
      token: adminToken,
      body: { id, scenario: 'empty', frozen: true, startTime: '2026-03-02T09:00:00.000Z' },
    }),
    201,
    'create sandbox',
  );
  return addUser(base, id, ccoId, adminToken);
}

export async function addUser(
  base: string,
  sandbox: string,
  ccoId: string,
  adminToken?: string,
): Promise<string> {
  const user = await expectStatus(
    call<{ token: string }>(base, 'POST', `/__admin/sandboxes/${sandbox}/users`, {
      token: adminToken,
      body: { ccoId, email: `${ccoId}@example.com`, name: ccoId },
    }),
    201,
    'create user',
  );
  return user.token;
}

/** An order, active at once; returns its PAKs, one per line. */
export async function order(
  base: string,
  sandbox: string,
  ccoId: string,
  lines: Array<Record<string, unknown>>,
  adminToken?: string,
): Promise<string[]> {
  const o = await expectStatus(
    call<{ paks: Array<{ pak: string }> }>(base, 'POST', `/__admin/sandboxes/${sandbox}/orders`, {
      token: adminToken,
      body: { ccoId, activationDelay: '0', lines },
    }),
    201,
    'create order',
  );
  return o.paks.map((p) => p.pak);
}

/** The text of the newest delivered message whose subject contains `subject`. */
export async function latestMail(base: string, sandbox: string, subject: string): Promise<string> {
  const list = await expectStatus(
    call<{ messages: Array<{ id: string }> }>(
      base,
      'GET',
      `/__admin/sandboxes/${sandbox}/mail?subject=${encodeURIComponent(subject)}`,
    ),
    200,
    'list mail',
  );
  const id = list.messages[0]?.id;
  if (!id) throw new Error(`no mail about ${subject}`);
  return (
    await expectStatus(
      call<{ text: string }>(base, 'GET', `/__admin/sandboxes/${sandbox}/mail/${id}`),
      200,
      'mail',
    )
  ).text;
}
