/**
 * npm run bench:profile [workload…]: a CPU profile of the compiled server under load. Starts
 * `node --cpu-prof dist/main.js serve` on a prepared DATA_DIR, loads it with one workload for
 * PROFILE_SECONDS (8), stops it (the profile is written at exit) and prints the top frames by self
 * time, and the time by module, of the requests alone (the process's start-up is cut off).
 * Workloads: lookup, transactions, registration, startup (the profile of boot, no load).
 * Run `npm run build` first.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadTarget } from './lib/load.js';
import { startProcess, stopAllOnExit } from './lib/processes.js';
import { prepareDataDir } from './lib/seed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 8);
const TOP = Number(process.env.PROFILE_TOP ?? 15);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, one of our files, or Node itself. */
function moduleOf(url: string): string {
  if (url === '') return '(native / V8)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] as string);
  }
  if (path.startsWith('node:')) return 'node (core)';
  return relative(ROOT, path);
}

/** Self time by frame and by module over the samples taken after `fromUs` (profile clock). */
export function summarize(profile: Profile, fromUs = 0) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t < fromUs) return;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const frames = new Map<string, number>();
  const modules = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id) as ProfileNode;
    const { functionName, url, lineNumber } = n.callFrame;
    const mod = moduleOf(url);
    const name = `${functionName || '(anonymous)'} ${mod}${url ? `:${lineNumber + 1}` : ''}`;
    frames.set(name, (frames.get(name) ?? 0) + us);
    modules.set(mod, (modules.get(mod) ?? 0) + us);
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, us]) => ({ name, pct: (100 * us) / total }));
  return { totalMs: total / 1000, frames: top(frames), modules: top(modules) };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let serials = 0;

async function profileOne(workload: string, dir: string, data: Awaited<ReturnType<typeof prepareDataDir>>) {
  const profDir = mkdtempSync(join(tmpdir(), 'lps-prof-'));
  try {
    const proc = await startProcess({
      name: workload,
      command: process.execPath,
      args: ['--cpu-prof', '--cpu-prof-dir', profDir, join(ROOT, 'dist/main.js'), 'serve'],
      env: { DATA_DIR: dir, LOG_LEVEL: 'warn' },
      cwd: ROOT,
      probe: { path: '/readyz' },
    });
    const next: Record<string, LoadTarget['next']> = {
      lookup: () => ({
        method: 'GET',
        path: `/api/v1/paks?ids=${data.read.ids}`,
        headers: bearer(data.read.token),
      }),
      transactions: () => ({ method: 'GET', path: '/api/v1/transactions', headers: bearer(data.read.token) }),
      registration: () => ({
        method: 'POST',
        path: '/api/v1/registrations',
        headers: bearer(data.write.token),
        body: JSON.stringify({
          paks: data.write.paks[serials % data.write.paks.length],
          devices: [`PF${(serials++).toString(36).toUpperCase().padStart(10, '0')}`],
          agreeToTerms: true,
        }),
      }),
    };
    const startedAt = performance.now();
    if (workload !== 'startup') {
      const run = next[workload];
      if (!run)
        throw new Error(`unknown workload ${workload}; known: startup, ${Object.keys(next).join(', ')}`);
      const expect = workload === 'registration' ? 201 : 200;
      const sample = await runLoad(
        { name: workload, url: proc.url, connections: 10, expect, next: run, pid: proc.child.pid },
        SECONDS,
      );
      process.stdout.write(
        `\n## ${workload}: ${Math.round(sample.rps)} req/s, ${Math.round(sample.cpuUs ?? 0)} µs CPU per request, ${sample.failures} failures\n`,
      );
    } else {
      process.stdout.write(`\n## startup: ${Math.round(proc.startupMs)} ms to /readyz\n`);
    }
    await proc.stop();
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile written:\n${proc.output()}`);
    const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as Profile;
    // The profile's clock: its end is the process's exit, about now; the load began that long ago.
    const elapsedUs = (performance.now() - startedAt) * 1000;
    const fromUs = workload === 'startup' ? 0 : profile.endTime - elapsedUs + 500_000;
    const s = summarize(profile, fromUs);
    process.stdout.write(`${s.totalMs.toFixed(0)} ms sampled\n\n| self % | frame |\n| ---: | --- |\n`);
    for (const f of s.frames) process.stdout.write(`| ${f.pct.toFixed(1)} | \`${f.name}\` |\n`);
    process.stdout.write(`\n| self % | module |\n| ---: | --- |\n`);
    for (const m of s.modules) process.stdout.write(`| ${m.pct.toFixed(1)} | ${m.name} |\n`);
  } finally {
    rmSync(profDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  stopAllOnExit();
  const workloads = process.argv.slice(2);
  const tmp = mkdtempSync(join(tmpdir(), 'lps-prof-data-'));
  try {
    const dir = join(tmp, 'data');
    const data = await prepareDataDir(dir, { transactions: 100, clockJobs: 0, small: 10, large: 10 });
    for (const w of workloads.length ? workloads : ['lookup', 'transactions', 'registration', 'startup'])
      await profileOne(w, w === 'startup' ? join(tmp, 'fresh') : dir, data);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
