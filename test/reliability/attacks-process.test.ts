/**
 * The attacks of the security review that need a real server process: SIGKILL during create, clone
 * and import (5), what a machine crash leaves in the data folder (9), storage that fails under the
 * server or before it starts (10), and file descriptors held by event streams (7).
 */
import { once } from 'node:events';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Proc } from '../../bench/lib/processes.js';
import { count, note } from './support/counts.js';
import { call, flushRequestCount, ROOT, startServer } from './support/server.js';

const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `lps-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  flushRequestCount();
});

type Listed = { sandboxes: Array<{ id: string }> };
type Created = { id: string; users: Array<{ token: string }> };

/** Every listed sandbox answers, and every one of its users' tokens opens it. */
async function checkWhole(url: string): Promise<string[]> {
  const problems: string[] = [];
  const listed = await call<Listed>(url, 'GET', '/__admin/sandboxes?limit=1000');
  expect(listed.status).toBe(200);
  for (const { id } of listed.body.sandboxes) {
    const users = await call<{ users: Array<{ ccoId: string; token: string }> }>(
      url,
      'GET',
      `/__admin/sandboxes/${id}/users`,
    );
    if (users.status !== 200) {
      problems.push(`${id}: users ${users.status}`);
      continue;
    }
    for (const u of users.body.users) {
      const r = await call(url, 'GET', '/api/v1/transactions', { token: u.token });
      if (r.status !== 200) problems.push(`${id}/${u.ccoId}: token answers ${r.status}`);
    }
  }
  return problems;
}

describe('Attack 5: SIGKILL during create, clone or import leaves no half-made sandbox', () => {
  it('a registry row whose file is missing (a crash between the two) is cleared at start: the ID can be used again', async () => {
    const dataDir = tempDir('half');
    let server = await startServer({ dataDir });
    expect(
      (await call(server.url, 'POST', '/__admin/sandboxes', { body: { id: 'half', scenario: 'demo' } }))
        .status,
    ).toBe(201);
    await server.stop();
    rmSync(join(dataDir, 'sandboxes', 'half.db'));
    // A file left by a create that never reached the registry.
    writeFileSync(join(dataDir, 'sandboxes', 'ghost.db.tmp'), 'half a file');
    // A file whose registry transaction never ran.
    writeFileSync(join(dataDir, 'sandboxes', 'orphan.db'), 'no row owns it');
    server = await startServer({ dataDir, captureOutput: true });
    try {
      expect((await call(server.url, 'GET', '/__admin/sandboxes/half')).status).toBe(404);
      const again = await call(server.url, 'POST', '/__admin/sandboxes', {
        body: { id: 'half', scenario: 'demo' },
      });
      expect(again.status, again.text).toBe(201);
      expect(readdirSync(join(dataDir, 'sandboxes')).filter((f) => f.includes('.tmp'))).toEqual([]);
      expect(readdirSync(join(dataDir, 'sandboxes'))).not.toContain('orphan.db');
      expect(server.output()).toContain('start-up recovery: removed sandbox half from the registry');
      expect(await checkWhole(server.url)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('kills at random moments of a create/clone/import loop: after each restart every listed sandbox is whole and every other ID is free', async () => {
    const dataDir = tempDir('lifecycle-crash');
    const rounds = Number(process.env.CRASH_ROUNDS ?? 6);
    let server: Proc = await startServer({ dataDir, env: { SEED: 'demo' } });
    const snapshot = Buffer.from(
      await (await fetch(`${server.url}/__admin/sandboxes/default/snapshot`)).arrayBuffer(),
    );
    const attempted = new Set<string>();
    let n = 0;
    for (let round = 0; round < rounds; round++) {
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          const id = `lc-${n++}`;
          attempted.add(id);
          try {
            const kind = n % 3;
            if (kind === 0)
              await call(server.url, 'POST', '/__admin/sandboxes', { body: { id, scenario: 'demo' } });
            else if (kind === 1)
              await call(server.url, 'POST', '/__admin/sandboxes/default/clone', { body: { id } });
            else
              await fetch(`${server.url}/__admin/sandboxes/import?id=${id}`, {
                method: 'POST',
                headers: { 'content-type': 'application/vnd.sqlite3' },
                body: snapshot,
              });
          } catch {
            return; // killed
          }
        }
      })();
      await sleep(100 + Math.random() * 400);
      server.child.kill('SIGKILL');
      await once(server.child, 'exit');
      stop = true;
      await loop;
      count('kills');
      server = await startServer({ dataDir });
      expect(await checkWhole(server.url)).toEqual([]);
      const listed = new Set(
        (await call<Listed>(server.url, 'GET', '/__admin/sandboxes?limit=1000')).body.sandboxes.map(
          (s) => s.id,
        ),
      );
      for (const id of attempted) {
        if (listed.has(id)) continue;
        const r = await call<Created>(server.url, 'POST', '/__admin/sandboxes', {
          body: { id, scenario: 'empty' },
        });
        expect(r.status, `${id}: ${r.text}`).toBe(201);
        await call(server.url, 'DELETE', `/__admin/sandboxes/${id}`);
      }
      attempted.clear();
    }
    note(`lifecycle crash: ${rounds} kills during create/clone/import, ${n} attempts`);
    await server.stop();
  });
});

describe('Attack 9: what a machine crash leaves behind does not break the next start', () => {
  it('empty SSH host-key files (as fsck leaves them) are replaced with new keys, and SSH works', async () => {
    const dataDir = tempDir('hostkeys');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'ssh_host_ecdsa_key'), '');
    writeFileSync(join(dataDir, 'ssh_host_rsa_key'), '');
    const server = await startServer({
      dataDir,
      env: { SEED: 'demo', SSH_ENABLED: 'true', SSH_PORT_RANGE: '0' },
      captureOutput: true,
    });
    try {
      // The demo sandbox has no simulated ASA: one is made, and it must get an SSH listener.
      const device = await call<{ ssh: { port: number } | null }>(
        server.url,
        'POST',
        '/__admin/sandboxes/default/asa-devices',
        { body: { model: 'ASA 5516-X', serial: 'JAD222605K8' } },
      );
      expect(device.status).toBe(201);
      expect(device.body.ssh?.port).toEqual(expect.any(Number));
      expect(server.output()).toMatch(/ssh_host_ecdsa_key.*(empty|not a private key).*new/i);
    } finally {
      await server.stop();
    }
  });
});

describe('Attack 10: storage errors are named, never "a bug"', () => {
  const serve = (dataDir: string) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), 'serve'], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', SSH_ENABLED: 'false' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });

  it('a data folder that cannot be a folder: exit 2 with a message naming it and the cause, no stack trace', async () => {
    const parent = tempDir('notdir');
    const file = join(parent, 'file');
    writeFileSync(file, 'not a folder');
    const r = await serve(join(file, 'data'));
    expect(r.code).toBe(2);
    expect(r.output).toContain(`DATA_DIR ${join(file, 'data')}`);
    expect(r.output).toMatch(/not a directory/i);
    expect(r.output).not.toMatch(/\n\s+at /);
  });

  // A read-only filesystem needs a mount (root); elsewhere a folder without write permission shows it.
  const root = process.getuid?.() === 0;
  it('a read-only data folder: exit 2 naming the folder and the cause', async (ctx) => {
    const folder = tempDir('readonly');
    if (root) {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', folder], { stdio: 'ignore' });
      } catch {
        ctx.skip('root without the right to mount: no way to make a folder read-only');
      }
    } else chmodSync(folder, 0o555);
    try {
      const r = await serve(join(folder, 'data'));
      expect(r.code).toBe(2);
      expect(r.output).toContain(`DATA_DIR ${join(folder, 'data')}`);
      expect(r.output).toMatch(root ? /the filesystem is read-only \(EROFS/ : /permission denied \(EACCES/);
    } finally {
      if (root) execFileSync('umount', [folder]);
    }
  });
});

describe('Attack 7: event streams are capped, so they cannot use up the file descriptors', () => {
  it('streams past EVENT_STREAMS_PER_SANDBOX answer 429; the server keeps answering, and a closed stream frees its slot', async () => {
    const dataDir = tempDir('streams');
    const server = await startServer({ dataDir, env: { SEED: 'demo', EVENT_STREAMS_PER_SANDBOX: '5' } });
    const aborts: AbortController[] = [];
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const ac = new AbortController();
        aborts.push(ac);
        const res = await fetch(`${server.url}/__admin/sandboxes/default/events`, { signal: ac.signal });
        statuses.push(res.status);
        if (res.status !== 200) await res.text();
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(3);
      expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);
      aborts[0]?.abort();
      let again = 0;
      for (let i = 0; i < 50 && again !== 200; i++) {
        await sleep(20);
        const ac = new AbortController();
        aborts.push(ac);
        const res = await fetch(`${server.url}/__admin/sandboxes/default/events`, { signal: ac.signal });
        again = res.status;
        if (again !== 200) await res.text();
      }
      expect(again).toBe(200);
    } finally {
      for (const ac of aborts) ac.abort();
      await server.stop();
    }
  });
});
