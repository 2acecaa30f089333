/**
 * npm run bench: starts every server it measures on loopback, loads them side by side in the same run
 * (round-robin, so drift on a shared machine hits every target alike), prints a table of absolute
 * figures and ratios, and writes bench/results.json.
 *
 * Knobs: BENCH_DURATION (seconds per run, 4), BENCH_REPS (runs per target, 3), BENCH_CONNECTIONS (10),
 * BENCH_LARGE (PAKs, messages and transactions in the large sandboxes, 100000), BENCH_SANDBOXES (sandboxes
 * on files for the token-lookup row, 10000), BENCH_STREAM (requests for the memory row, 100000),
 * BENCH_SKIP_BUILD=1 (reuse dist/).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuUsOf, median, medianSample, runLoad, type LoadSample, type LoadTarget } from './lib/load.js';
import { startProcess, stopAllOnExit, type Proc } from './lib/processes.js';
import { describeMachine, printTable, type Row } from './lib/report.js';
import { NEEDLE, prepareDataDir, prepareSandboxes } from './lib/seed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DURATION = num('BENCH_DURATION', 4);
const REPS = num('BENCH_REPS', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 10);
const LARGE = num('BENCH_LARGE', 100_000);
const SMALL = 100;
const MANY_SANDBOXES = num('BENCH_SANDBOXES', 10_000);
const STREAM = num('BENCH_STREAM', 100_000);
const STARTUP_RUNS = 5;
const SANDBOXES = 1000;
/** Sandboxes created per measured run: a fixed count, since in memory they pile up. */
const SANDBOX_RUN = 300;

const progress = (text: string) => process.stderr.write(`[bench] ${text}\n`);
const tmp = mkdtempSync(join(tmpdir(), 'lps-bench-'));
const dataDir = (name: string) => join(tmp, name);

const node = process.execPath;
/** What `npm start`, the package and the container run once built: the bin, which takes dist/bundle/. */
const bundled = (env: Record<string, string>) => ({
  command: node,
  args: [join(ROOT, 'bin/license-portal-sim.js'), 'serve'],
  env: { LOG_LEVEL: 'warn', ...env },
  cwd: ROOT,
});
/** tsc's output module by module, as the bin ran it before the bundle (start-up rows only). */
const unbundled = (env: Record<string, string>) => ({
  command: node,
  args: [join(ROOT, 'dist/main.js'), 'serve'],
  env: { LOG_LEVEL: 'warn', ...env },
  cwd: ROOT,
});
const viaTsx = (env: Record<string, string>) => ({
  command: node,
  args: ['--import', 'tsx', join(ROOT, 'src/main.ts'), 'serve'],
  env: { LOG_LEVEL: 'warn', ...env },
  cwd: ROOT,
});
const READY = { path: '/readyz' };

let serialCounter = 0;
/** A serial no registration has used yet: 12 letters and digits. */
const freshSerial = () => `BN${(serialCounter++).toString(36).toUpperCase().padStart(10, '0')}`;
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

type Variant = 'bundled' | 'unbundled' | 'tsx';
/** Spawn → /readyz 200 and the server's own CPU time to that moment, per variant. */
type Startup = Record<Variant, { ms: number[]; cpuMs: number[] }>;

async function startup(): Promise<Startup> {
  const variants = { bundled, unbundled, tsx: viaTsx };
  const out = Object.fromEntries(
    Object.keys(variants).map((v) => [v, { ms: [] as number[], cpuMs: [] as number[] }]),
  ) as Startup;
  for (let i = 0; i < STARTUP_RUNS; i++) {
    for (const [name, variant] of Object.entries(variants) as Array<[Variant, typeof bundled]>) {
      const p = await startProcess({
        name: 'startup',
        ...variant({ DATA_DIR: dataDir(`startup-${name}${i}`) }),
        probe: READY,
      });
      out[name].ms.push(p.startupMs);
      out[name].cpuMs.push(cpuUsOf(p.child.pid as number) / 1000);
      await p.stop();
    }
  }
  return out;
}

async function createSandboxes(p: Proc, count: number, parallel: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await fetch(`${p.url}/__admin/sandboxes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario: 'demo' }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`sandbox create answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

const settle = () => new Promise((r) => setTimeout(r, 1000));

/** A user with ten perpetual PAKs, set up over HTTP (for a server whose data lives in memory). */
async function writerOverHttp(p: Proc): Promise<{ token: string; paks: string[] }> {
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(p.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  await post('/__admin/sandboxes', { id: 'bench-write', scenario: 'empty', frozen: true });
  const { token } = await post<{ token: string }>('/__admin/sandboxes/bench-write/users', {
    ccoId: 'writer',
    email: 'writer@example.com',
    name: 'Bench writer',
  });
  const order = await post<{ paks: Array<{ pak: string }> }>('/__admin/sandboxes/bench-write/orders', {
    ccoId: 'writer',
    activationDelay: '0',
    lines: Array.from({ length: 10 }, () => ({ sku: 'L-AC-PLS-P-G' })),
  });
  return { token, paks: order.paks.map((x) => x.pak) };
}

async function memoryWith(dir: string): Promise<{ idle: number; loaded: number; proc: Proc }> {
  const proc = await startProcess({ name: 'memory', ...bundled({ DATA_DIR: dir }), probe: READY });
  await settle();
  const idle = proc.rssMb();
  await createSandboxes(proc, SANDBOXES, 4);
  await settle();
  return { idle, loaded: proc.rssMb(), proc };
}

async function main(): Promise<void> {
  stopAllOnExit();
  const machineBefore = describeMachine();
  const began = performance.now();
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    progress('compiling (npm run build) so the measured server runs plain JavaScript, bundled');
    for (const step of [
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      [join(ROOT, 'scripts/bundle.mjs')],
    ]) {
      const build = spawnSync(node, step, { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new Error(`the build failed: ${step.join(' ')}`);
    }
  }

  progress(`start-up: ${STARTUP_RUNS} spawns each, bundled, unbundled and through tsx`);
  const boot = await startup();

  progress(`memory: idle, then ${SANDBOXES} demo sandboxes (files, then :memory:)`);
  const onFiles = await memoryWith(dataDir('memory-files'));
  const inMemory = await memoryWith(':memory:');
  const admin = onFiles.proc;
  const adminInMemory = inMemory.proc;
  const memoryWriter = await writerOverHttp(adminInMemory);

  progress(`seeding (through the store): ${SMALL} and ${LARGE} PAKs, due jobs, a user history`);
  const mainDir = dataDir('main');
  const data = await prepareDataDir(mainDir, {
    transactions: 100,
    clockJobs: 60_000,
    small: SMALL,
    large: LARGE,
  });

  progress(`seeding ${MANY_SANDBOXES} demo sandboxes on files`);
  const manyDir = dataDir('many');
  const seedStarted = performance.now();
  const manyTokens = await prepareSandboxes(manyDir, MANY_SANDBOXES);
  const manySeedMs = performance.now() - seedStarted;

  progress('starting the servers: ours, bare Fastify, Prism');
  const ours = await startProcess({ name: 'ours', ...bundled({ DATA_DIR: mainDir }), probe: READY });
  const hello = await startProcess({
    name: 'fastify',
    command: node,
    args: ['--import', 'tsx', join(ROOT, 'bench/servers/hello.ts')],
    cwd: ROOT,
    probe: { path: '/' },
  });
  const lookupPath = `/api/v1/paks?ids=${data.read.ids}`;
  const prism = await startProcess({
    name: 'prism',
    command: node,
    args: (port) => [
      join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js'),
      'mock',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--verboseLevel',
      'warn',
      join(ROOT, 'openapi/openapi.json'),
    ],
    cwd: ROOT,
    probe: { path: lookupPath, headers: bearer('prism') },
  });
  const many = await startProcess({ name: 'many', ...bundled({ DATA_DIR: manyDir }), probe: READY });
  const idleMainRss = ours.rssMb();

  const register = (token: string, paks: readonly string[]) => () => ({
    method: 'POST' as const,
    path: '/api/v1/registrations',
    headers: bearer(token),
    body: JSON.stringify({ paks: pick(paks), devices: [freshSerial()], agreeToTerms: true }),
  });
  const lookupOne = (token: string, paks: readonly string[]) => () => ({
    method: 'GET' as const,
    path: `/api/v1/paks?ids=${pick(paks)}`,
    headers: bearer(token),
  });
  const openAny = (tokens: readonly string[]) => () => ({
    method: 'GET' as const,
    path: '/api/v1/transactions?limit=1',
    headers: bearer(pick(tokens)),
  });
  /** The last page as a client walking nextCursor reaches it (the cursor taken once, by offset). */
  const lastPageCursor = async (h: { token: string; transactions: number }) => {
    const res = await fetch(`${ours.url}/api/v1/transactions?limit=50&offset=${h.transactions - 100}`, {
      headers: bearer(h.token),
    });
    const { nextCursor } = (await res.json()) as { nextCursor: string };
    return nextCursor;
  };
  const cursors = {
    small: await lastPageCursor(data.history.small),
    large: await lastPageCursor(data.history.large),
  };
  const lastPage = (h: { token: string }, cursor: string) => () => ({
    method: 'GET' as const,
    path: `/api/v1/transactions?limit=50&after=${cursor}`,
    headers: bearer(h.token),
  });
  const mailSearch = (sandbox: string) => () => ({
    method: 'GET' as const,
    path: `/__admin/sandboxes/${sandbox}/mail?text=${NEEDLE}`,
  });
  const t = (
    name: string,
    proc: Proc,
    expect: number,
    next: LoadTarget['next'],
    connections = CONNECTIONS,
    amount?: number,
  ): LoadTarget => ({ name, url: proc.url, connections, expect, next, amount, pid: proc.child.pid });
  const targets: LoadTarget[] = [
    t('fastify', hello, 200, () => ({ method: 'GET', path: '/' })),
    t('prism-lookup', prism, 200, () => ({ method: 'GET', path: lookupPath, headers: bearer('prism') })),
    t('lookup', ours, 200, () => ({ method: 'GET', path: lookupPath, headers: bearer(data.read.token) })),
    t('transactions', ours, 200, () => ({
      method: 'GET',
      path: '/api/v1/transactions',
      headers: bearer(data.read.token),
    })),
    t('registration', ours, 201, register(data.write.token, data.write.paks)),
    t('registration-memory', adminInMemory, 201, register(memoryWriter.token, memoryWriter.paks)),
    t(
      'sandbox-empty',
      admin,
      201,
      () => ({ method: 'POST', path: '/__admin/sandboxes', body: '{"scenario":"empty"}' }),
      1,
      SANDBOX_RUN,
    ),
    t(
      'sandbox-empty-memory',
      adminInMemory,
      201,
      () => ({ method: 'POST', path: '/__admin/sandboxes', body: '{"scenario":"empty"}' }),
      1,
      SANDBOX_RUN,
    ),
    t(
      'sandbox-demo',
      admin,
      201,
      () => ({ method: 'POST', path: '/__admin/sandboxes', body: '{"scenario":"demo"}' }),
      1,
      SANDBOX_RUN,
    ),
    t('clock-advance', ours, 200, () => ({
      method: 'POST',
      path: `/__admin/sandboxes/${data.clock.sandbox}/clock`,
      body: '{"action":"advance","by":"1s"}',
    })),
    t('scale-lookup-small', ours, 200, lookupOne(data.scale.small.token, data.scale.small.paks)),
    t('scale-lookup-large', ours, 200, lookupOne(data.scale.large.token, data.scale.large.paks)),
    t('scale-register-small', ours, 201, register(data.scale.small.token, data.scale.small.paks)),
    t('scale-register-large', ours, 201, register(data.scale.large.token, data.scale.large.paks)),
    t('scale-mail-small', ours, 200, mailSearch(data.mailbox.small.sandbox)),
    t('scale-mail-large', ours, 200, mailSearch(data.mailbox.large.sandbox)),
    t('scale-history-small', ours, 200, lastPage(data.history.small, cursors.small)),
    t('scale-history-large', ours, 200, lastPage(data.history.large, cursors.large)),
    t('scale-open-small', many, 200, openAny(manyTokens.slice(0, SMALL))),
    t('scale-open-large', many, 200, openAny(manyTokens)),
  ];

  progress(`warm-up: 1 s per target`);
  for (const target of targets) await runLoad({ ...target, amount: target.amount && 20 }, 1);
  const samples = new Map<string, LoadSample[]>(targets.map((x) => [x.name, []]));
  for (let rep = 1; rep <= REPS; rep++) {
    for (const target of targets) {
      const length = target.amount ? `${target.amount} requests` : `${DURATION} s`;
      progress(`run ${rep}/${REPS}: ${target.name} (${length}, ${target.connections} connections)`);
      samples.get(target.name)?.push(await runLoad(target, DURATION));
    }
  }
  progress(`memory under ${STREAM} registrations, an event stream that never reads open on their sandbox`);
  const stream = await stalledEventStream(ours.url, 'bench-write');
  const streamRss: number[] = [ours.rssMb()];
  const streamTarget = t('stream', ours, 201, register(data.write.token, data.write.paks));
  const streamCpu0 = cpuUsOf(ours.child.pid as number);
  for (const amount of [STREAM / 10, STREAM - STREAM / 10]) {
    await runLoad({ ...streamTarget, amount }, 3600);
    await settle();
    streamRss.push(ours.rssMb());
  }
  const streamCpuUs = (cpuUsOf(ours.child.pid as number) - streamCpu0) / STREAM;
  stream.destroy();

  await settle();
  const loadedMainRss = ours.rssMb();
  const clockAfter = (await (
    await fetch(`${ours.url}/__admin/sandboxes/${data.clock.sandbox}/clock`)
  ).json()) as {
    nextDueAt: string | null;
  };
  await Promise.all([
    ours.stop(),
    hello.stop(),
    prism.stop(),
    admin.stop(),
    adminInMemory.stop(),
    many.stop(),
  ]);

  const m = (name: string) => medianSample(samples.get(name) ?? []);
  const S = Object.fromEntries(targets.map((x) => [x.name, m(x.name)])) as Record<string, LoadSample>;
  const rps = (name: string) => (S[name] as LoadSample).rps;
  const load = (label: string, name: string, extra: Partial<Row> = {}): Row => ({
    label,
    value: rps(name),
    unit: 'req/s',
    cpuUs: S[name]?.cpuUs,
    p50Ms: S[name]?.p50Ms,
    p99Ms: S[name]?.p99Ms,
    failures: S[name]?.failures,
    ...extra,
  });
  const ratio = (a: number, b: number) => a / b;
  const cpu = (name: string) => S[name]?.cpuUs ?? NaN;
  /** Cost growth from 10² to 10⁵ (or 10⁴ sandboxes): CPU per request when measured, else 1/throughput. */
  const growth = (small: string, large: string, of: string) => ({
    of: `CPU cost vs ${of}`,
    value: Number.isNaN(cpu(large) / cpu(small)) ? ratio(rps(small), rps(large)) : cpu(large) / cpu(small),
    target: 1.5,
    atMost: true,
  });
  const cpuVsBare = (name: string) => ({
    of: 'CPU of bare Fastify',
    value: cpu(name) / cpu('fastify'),
    target: 2,
    atMost: true,
  });
  const rows: Row[] = [
    load('bare Fastify hello-world (ceiling)', 'fastify'),
    load('Prism 5.14 mock: PAK lookup', 'prism-lookup'),
    load('PAK lookup (2 PAKs)', 'lookup', {
      ratios: [
        { of: 'bare Fastify', value: ratio(rps('lookup'), rps('fastify')), target: 0.5 },
        cpuVsBare('lookup'),
        { of: 'Prism', value: ratio(rps('lookup'), rps('prism-lookup')), target: 10 },
      ],
    }),
    load('Transactions History (50 of 100)', 'transactions', {
      ratios: [
        { of: 'bare Fastify', value: ratio(rps('transactions'), rps('fastify')), target: 0.2 },
        cpuVsBare('transactions'),
      ],
    }),
    load('full registration (key + email)', 'registration', { target: { min: 2000 } }),
    load('full registration, DATA_DIR=:memory:', 'registration-memory', { target: { min: 2000 } }),
    load('clock advance, 1 due email each', 'clock-advance', {
      note: clockAfter.nextDueAt === null ? 'ran out of due work: figure too high' : undefined,
    }),
    load('sandbox create, empty (1 conn.)', 'sandbox-empty', { latencyTarget: 3 }),
    load('sandbox create, empty, DATA_DIR=:memory: (1 conn.)', 'sandbox-empty-memory', { latencyTarget: 3 }),
    load('sandbox create, demo (1 conn.)', 'sandbox-demo'),
    load(`PAK lookup, ${SMALL} PAKs`, 'scale-lookup-small'),
    load(`PAK lookup, ${LARGE} PAKs`, 'scale-lookup-large', {
      ratios: [growth('scale-lookup-small', 'scale-lookup-large', String(SMALL))],
    }),
    load(`registration, ${SMALL} PAKs`, 'scale-register-small'),
    load(`registration, ${LARGE} PAKs`, 'scale-register-large', {
      ratios: [growth('scale-register-small', 'scale-register-large', String(SMALL))],
    }),
    load(`mailbox search (text), ${SMALL} messages`, 'scale-mail-small'),
    load(`mailbox search (text), ${LARGE} messages`, 'scale-mail-large', {
      ratios: [growth('scale-mail-small', 'scale-mail-large', String(SMALL))],
    }),
    load(`Transactions History last page, ${SMALL} transactions`, 'scale-history-small'),
    load(`Transactions History last page, ${LARGE} transactions`, 'scale-history-large', {
      ratios: [growth('scale-history-small', 'scale-history-large', String(SMALL))],
    }),
    load(`token lookup + sandbox open, ${SMALL} of ${MANY_SANDBOXES} sandboxes (files)`, 'scale-open-small'),
    load(`token lookup + sandbox open, all ${MANY_SANDBOXES} sandboxes (files)`, 'scale-open-large', {
      ratios: [growth('scale-open-small', 'scale-open-large', `${SMALL} sandboxes`)],
    }),
    {
      label: `RSS after ${STREAM / 10} registrations, stalled event stream open`,
      value: streamRss[1] as number,
      unit: 'MB',
      cpuUs: streamCpuUs,
    },
    {
      label: `RSS after ${STREAM} registrations, stalled event stream open`,
      value: streamRss[2] as number,
      unit: 'MB',
      ratios: [
        {
          of: `growth vs ${STREAM / 10}`,
          value:
            ((streamRss[2] as number) - (streamRss[0] as number)) /
            ((streamRss[1] as number) - (streamRss[0] as number) || 1),
          target: 1.5,
          atMost: true,
        },
      ],
    },
    {
      label: 'start-up, bundled: bin (npm start, package, container), spawn → /readyz 200',
      value: median(boot.bundled.ms),
      unit: 'ms',
      target: { max: 300 },
    },
    { label: 'start-up, bundled: server CPU time to ready', value: median(boot.bundled.cpuMs), unit: 'ms' },
    {
      label: 'start-up, unbundled dist/main.js (before the bundle)',
      value: median(boot.unbundled.ms),
      unit: 'ms',
    },
    {
      label: 'start-up, unbundled: server CPU time to ready',
      value: median(boot.unbundled.cpuMs),
      unit: 'ms',
    },
    { label: 'start-up, tsx src/main.ts (npm run dev)', value: median(boot.tsx.ms), unit: 'ms' },
    { label: 'RSS idle', value: onFiles.idle, unit: 'MB', target: { max: 80 } },
    {
      label: `RSS after ${SANDBOXES} sandboxes (files)`,
      value: onFiles.loaded,
      unit: 'MB',
      target: { max: 300 },
    },
    {
      label: `RSS after ${SANDBOXES} sandboxes (:memory:)`,
      value: inMemory.loaded,
      unit: 'MB',
      target: { max: 300 },
    },
    { label: 'RSS main server, seeded, before load', value: idleMainRss, unit: 'MB' },
    { label: 'RSS main server, after sustained load', value: loadedMainRss, unit: 'MB' },
  ];
  const machineAfter = describeMachine();
  printTable(rows);
  const results = {
    date: new Date().toISOString(),
    machine: { ...machineBefore, loadAverageAfter: machineAfter.loadAverage },
    settings: { durationS: DURATION, reps: REPS, connections: CONNECTIONS, small: SMALL, large: LARGE },
    wallClockS: Math.round((performance.now() - began) / 1000),
    rows,
    startupMs: boot,
    seedMs: { [`${MANY_SANDBOXES} sandboxes`]: Math.round(manySeedMs) },
    streamRssMb: streamRss,
    samples: Object.fromEntries(samples),
  };
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  progress(`done in ${results.wallClockS} s; written to bench/results.json`);
}

/** An SSE client that connects and then never reads: what the server buffers for it must stay bounded. */
async function stalledEventStream(url: string, sandbox: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.write(`GET /__admin/sandboxes/${sandbox}/events HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
  await once(socket, 'data');
  socket.pause();
  return socket;
}

try {
  await main();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
