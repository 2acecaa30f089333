/**
 * Large snapshot imports side by side (issue 14, attack 12): `npm run bench:imports`. One server on
 * files (through tsx), IMPORT_BENCH_COUNT (6) imports of an IMPORT_BENCH_MB (240) snapshot sent at
 * once, while /healthz is probed every 50 ms from a worker thread. Prints each import's time, the probe's latency during the
 * imports, and the server's RSS before, at its peak (VmHWM) and after deleting the copies.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { startProcess, stopAllOnExit } from './lib/processes.js';

const MB = Number(process.env.IMPORT_BENCH_MB ?? 240);
const COUNT = Number(process.env.IMPORT_BENCH_COUNT ?? 6);
const ROOT = join(import.meta.dirname, '..');

const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true;
parentPort.once('message', () => { running = false; });
(async () => {
  const probes = [];
  while (running) {
    const t0 = performance.now();
    await (await fetch(workerData)).arrayBuffer();
    probes.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  parentPort.postMessage(probes);
})();
`;

const peakRssMb = (pid: number) =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

/** The server's own snapshot of an empty sandbox, grown to `mb` with delivered mail of random text. */
async function bigSnapshot(url: string, dir: string, mb: number): Promise<string> {
  const created = await fetch(`${url}/__admin/sandboxes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'big', scenario: 'empty' }),
  });
  if (created.status !== 201) throw new Error(await created.text());
  const file = join(dir, 'big.sqlite3');
  writeFileSync(
    file,
    Buffer.from(await (await fetch(`${url}/__admin/sandboxes/big/snapshot`)).arrayBuffer()),
  );
  const db = new Database(file);
  const insert = db.prepare(
    `INSERT INTO mail (id, message_id, template, from_addr, to_addrs, subject, text, html, created_ms, deliver_ms, status)
     VALUES (?, ?, 'bench', 'licensing@cisco.com', '["jdoe@example.com"]', ?, ?, ?, 0, 0, 'delivered')`,
  );
  const rows = Math.ceil((mb * 1024 * 1024) / 8400);
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const text = randomBytes(2048).toString('hex');
      insert.run(`m${i}`, `<m${i}@bench>`, `Bench message ${i}`, text, text);
    }
  })();
  db.close();
  return file;
}

async function main(): Promise<void> {
  stopAllOnExit();
  const dir = mkdtempSync(join(tmpdir(), 'lps-bench-imports-'));
  try {
    const server = await startProcess({
      name: 'ours',
      command: process.execPath,
      args: ['--import', 'tsx', join(ROOT, 'src/main.ts'), 'serve'],
      env: { LOG_LEVEL: 'warn', DATA_DIR: join(dir, 'data'), SEED: 'none', IMPORT_MAX_MB: String(MB * 2) },
      cwd: ROOT,
      probe: { path: '/readyz' },
    });
    const pid = server.child.pid as number;
    const snapshot = await bigSnapshot(server.url, dir, MB);
    const bytes = readFileSync(snapshot);
    console.log(
      `snapshot: ${(statSync(snapshot).size / 1024 / 1024).toFixed(0)} MB; ${COUNT} imports at once`,
    );
    await sleep(500);
    const rssBefore = server.rssMb();

    // The probe runs on a worker thread: this thread is busy sending the uploads, and its event loop
    // must not be what the probe measures.
    const prober = new Worker(PROBE, { eval: true, workerData: `${server.url}/healthz` });
    const probed = new Promise<number[]>((resolve) => prober.once('message', resolve));
    const t0 = performance.now();
    const times = await Promise.all(
      Array.from({ length: COUNT }, async (_, i) => {
        const r = await fetch(`${server.url}/__admin/sandboxes/import?id=copy-${i}`, {
          method: 'POST',
          headers: { 'content-type': 'application/vnd.sqlite3' },
          body: bytes,
        });
        if (r.status !== 201) throw new Error(`import ${i}: ${r.status} ${await r.text()}`);
        return performance.now() - t0;
      }),
    );
    prober.postMessage('stop');
    const probes = await probed;
    await prober.terminate();
    const peak = peakRssMb(pid);
    for (let i = 0; i < COUNT; i++)
      await (await fetch(`${server.url}/__admin/sandboxes/copy-${i}`, { method: 'DELETE' })).arrayBuffer();
    await sleep(1000);
    console.log(`imports done after ${times.map((t) => (t / 1000).toFixed(1)).join(', ')} s`);
    console.log(
      `/healthz during the imports: ${probes.length} probes, p50 ${quantile(probes, 0.5).toFixed(1)} ms, ` +
        `p99 ${quantile(probes, 0.99).toFixed(1)} ms, max ${Math.max(...probes).toFixed(1)} ms`,
    );
    console.log(
      `server RSS: ${rssBefore.toFixed(0)} MB before, ${peak.toFixed(0)} MB at its peak, ` +
        `${server.rssMb().toFixed(0)} MB after deleting the copies`,
    );
    await server.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
