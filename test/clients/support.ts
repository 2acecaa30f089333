import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { SshConfig } from '../../src/config.js';
import { buildTestApp, order, sandboxWithUsers, type Fixture, type TestApp } from '../helpers/build.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

/** The ntc-templates fixtures beside the repository (../shared/fixtures/ntc-templates), or NTC_TEMPLATES_DIR. */
export const NTC_TEMPLATES =
  process.env.NTC_TEMPLATES_DIR ?? resolve(root, '../shared/fixtures/ntc-templates');
if (!existsSync(resolve(NTC_TEMPLATES, 'templates/index'))) {
  throw new Error(`ntc-templates not found at ${NTC_TEMPLATES}: set NTC_TEMPLATES_DIR`);
}

/** Debian's python3 (with python3-textfsm and python3-netmiko), not whatever python3 is first on PATH. */
export const PYTHON = process.env.CLIENTS_PYTHON ?? '/usr/bin/python3';

/** Runs a client without blocking the event loop: the simulator answers it from this same process. */
export async function client(
  file: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<string> {
  const child = run(file, args, {
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 150_000,
  });
  if (options.input !== undefined) {
    child.child.stdin?.end(options.input);
  }
  try {
    return (await child).stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

export const script = (name: string) => resolve(root, 'test/clients', name);

export const SSH: SshConfig = {
  enabled: true,
  host: '127.0.0.1',
  ports: { from: 0, to: 0 },
  idleTimeoutMs: 60_000,
  loginTimeoutMs: 30_000,
  maxLineLength: 1024,
  maxSessions: 5,
  maxConnections: 100,
};

export interface Simulated {
  t: TestApp;
  f: Fixture;
  port: number;
  key: string;
  chassisKey: string;
}

/**
 * A sandbox with an ASA 5516-X (show version serial JAD222605K8, chassis FTX1930101U), and a Plus
 * PAK registered to both serials; the keys are read from the mailbox, as a user would.
 */
export async function simulatedAsa(t: TestApp, sandbox: string): Promise<Simulated> {
  const f = await sandboxWithUsers(t, sandbox);
  const device = await t.call<{ ssh: { port: number } }>(
    'POST',
    `/__admin/sandboxes/${sandbox}/asa-devices`,
    {
      body: { model: 'ASA 5516-X', serial: 'JAD222605K8', chassisSerial: 'FTX1930101U', hostname: 'edge-1' },
    },
  );
  const [pak] = (await order(t, sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 26 }] })).paks;
  const keys: string[] = [];
  for (const serial of ['JAD222605K8', 'FTX1930101U']) {
    await t.call('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: {
        paks: pak?.pak,
        devices: [serial],
        lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 1 }],
        agreeToTerms: true,
      },
    });
    const list = await t.call<{ messages: Array<{ id: string }> }>(
      'GET',
      `/__admin/sandboxes/${sandbox}/mail?subject=activation%20key`,
    );
    const mail = await t.call<{ text: string }>(
      'GET',
      `/__admin/sandboxes/${sandbox}/mail/${list.body.messages[0]?.id}`,
    );
    const key = new RegExp(`^${serial}: (0x[0-9a-f]{8}(?: 0x[0-9a-f]{8}){4})$`, 'm').exec(
      mail.body.text,
    )?.[1];
    if (!key) throw new Error(`no key for ${serial} in ${mail.body.text}`);
    keys.push(key);
  }
  return { t, f, port: device.body.ssh.port, key: keys[0] as string, chassisKey: keys[1] as string };
}

export { buildTestApp };
