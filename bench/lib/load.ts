/** Fixed-duration, fixed-connection load with autocannon; every figure is a median over repeated runs. */
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
}

export interface LoadSample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failures: number;
}

export async function runLoad(target: LoadTarget, durationS: number): Promise<LoadSample> {
  let failures = 0;
  // autocannon ends a run on a whole-second tick: the throughput is taken over first request to last answer.
  let first = 0;
  let last = 0;
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
  return {
    rps: result.requests.total / ((last - first) / 1000),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: failures + result.errors,
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
    failures: samples.reduce((n, s) => n + s.failures, 0),
  };
}
