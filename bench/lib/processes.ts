/** Child processes the benchmark measures: started on loopback, probed until ready, always stopped. */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Proc {
  name: string;
  url: string;
  child: ChildProcess;
  /** Spawn to the first 200 from the readiness probe. */
  startupMs: number;
  /** What it wrote to stdout and stderr: all of it with captureOutput, else the tail. */
  output(): string;
  rssMb(): number;
  stop(): Promise<void>;
}

export interface SpawnSpec {
  name: string;
  command: string;
  /** A function when the port goes on the command line rather than in PORT. */
  args: string[] | ((port: number) => string[]);
  env?: Record<string, string>;
  /** Path (and headers) that answers 200 once the server is ready. */
  probe: { path: string; headers?: Record<string, string> };
  cwd?: string;
  /** Keep everything the process writes (otherwise only the tail, for error messages). */
  captureOutput?: boolean;
  timeoutMs?: number;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Resident set size of a process in MB: /proc on Linux, ps elsewhere. */
export function rssMbOf(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(status, 'utf8'));
    if (m) return Number(m[1]) / 1024;
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

const live = new Set<ChildProcess>();

/** Whatever happens to the benchmark, no server outlives it. */
export function stopAllOnExit(): void {
  const killAll = () => {
    for (const child of live) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

export async function startProcess(spec: SpawnSpec): Promise<Proc> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const args = typeof spec.args === 'function' ? spec.args(port) : spec.args;
  const child = spawn(spec.command, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    // Drained so a chatty server never blocks on a full pipe; the tail helps when it fails to start.
    output += chunk.toString('utf8');
    if (!spec.captureOutput) output = output.slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    live.delete(child);
  });

  const deadline = started + (spec.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`${spec.name} exited before it was ready:\n${output}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${spec.name} was not ready in time:\n${output}`);
    }
    try {
      const res = await fetch(url + spec.probe.path, { headers: spec.probe.headers });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    await sleep(2);
  }
  const startupMs = performance.now() - started;
  return {
    name: spec.name,
    url,
    child,
    startupMs,
    output: () => output,
    rssMb: () => rssMbOf(child.pid as number),
    stop: async () => {
      if (exited) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
