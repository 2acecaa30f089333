/** Fixed-duration, fixed-connection load with autocannon; every figure is a median over repeated runs. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface RequestShape {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadTarget {
  name: string;
  url: string;
  connections: number;
  /** Called for every request, so each one can carry fresh data (a new serial, a random PAK). */
  next: () => RequestShape;
  /** Status codes that count as success; anything else makes the run invalid. */
  expect: number;
  /** A fixed number of requests instead of the duration: for what piles up (sandboxes kept in memory). */
  amount?: number;
  /** The server's process: its CPU time over the run, per answered request, is the robust figure. */
  pid?: number;
}

export interface LoadSample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failures: number;
  /** Server CPU (user + system) per answered request, in µs; absent without a pid. */
  cpuUs?: number;
}

let ticksPerSecond: number | undefined;

/**
 * User + system CPU time of a process so far, in µs, from /proc/<pid>/stat (fields 14 and 15, in
 * clock ticks). On a shared machine this moves far less than throughput: other processes take
 * wall-clock time from the server, not CPU time.
 */
export function cpuUsOf(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / ticksPerSecond) * 1e6;
}

export async function runLoad(target: LoadTarget, durationS: number): Promise<LoadSample> {
  let failures = 0;
  // autocannon ends a run on a whole-second tick: the throughput is taken over first request to last answer.
  let first = 0;
  let last = 0;
  const cpuBefore = target.pid === undefined ? 0 : cpuUsOf(target.pid);
  const result = await autocannon({
    url: target.url,
    connections: target.connections,
    duration: durationS,
    ...(target.amount ? { amount: target.amount } : {}),
    pipelining: 1,
    requests: [
      {
        setupRequest: (request) => {
          first ||= performance.now();
          const next = target.next();
          return {
            ...request,
            method: next.method,
            path: next.path,
            headers: { ...next.headers, ...(next.body ? { 'content-type': 'application/json' } : {}) },
            body: next.body,
          };
        },
        onResponse: (status) => {
          last = performance.now();
          if (status !== target.expect) failures++;
        },
      },
    ],
  });
  const answered = result.requests.total;
  const cpuUs =
    target.pid === undefined || answered === 0 ? undefined : (cpuUsOf(target.pid) - cpuBefore) / answered;
  return {
    cpuUs,
    rps: result.requests.total / ((last - first) / 1000),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    // No answer in a whole run is a failure too (a server still busy with the previous target).
    failures: failures + result.errors + (answered === 0 ? 1 : 0),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function medianSample(samples: readonly LoadSample[]): LoadSample {
  return {
    rps: median(samples.map((s) => s.rps)),
    p50Ms: median(samples.map((s) => s.p50Ms)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    requests: samples.reduce((n, s) => n + s.requests, 0),
    ...(samples.some((s) => s.cpuUs !== undefined)
      ? { cpuUs: median(samples.flatMap((s) => (s.cpuUs === undefined ? [] : [s.cpuUs]))) }
      : {}),
    failures: samples.reduce((n, s) => n + s.failures, 0),
  };
}
