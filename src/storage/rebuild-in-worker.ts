/**
 * Snapshot rebuilds run on a worker thread. Copying a large snapshot is synchronous SQLite work, and
 * under heavy writes the kernel throttles each write call: on the main thread six 250 MB imports side
 * by side held every other request up to 2 s at a time (bench:imports). On a worker the event loop
 * only waits for the answer.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError, type ErrorKind } from '../domain/errors.js';
import type { Migration } from './migrate.js';

export interface RebuildJob {
  /** The upload's path, or its bytes. */
  source: string | Buffer;
  /** The staged file to build (see SandboxDatabases.readSnapshot). */
  target: string;
  migrations: readonly Migration[];
  signatures: readonly string[];
}

export type RebuildOutcome =
  | { ok: true; settings: Record<string, string> }
  | {
      ok: false;
      domain?: { kind: ErrorKind; code: string; message: string; details?: Record<string, unknown> };
      error?: { message: string; code?: string };
    };

const WORKER = new URL('./snapshot-rebuild-worker.js', import.meta.url);
const WORKER_SOURCE = new URL('./snapshot-rebuild-worker.ts', import.meta.url);

/** Run from the TypeScript sources (tsx, vitest): the worker registers tsx before loading its module. */
function startWorker(job: RebuildJob): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(WORKER, { workerData: job });
  const api = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const boot = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_SOURCE.href)}); })`;
  return new Worker(boot, { eval: true, workerData: job });
}

/** The rebuilt snapshot's settings rows; throws the rebuild's own error (DomainError or storage). */
export function rebuildInWorker(job: RebuildJob): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    worker.once('message', (outcome: RebuildOutcome) => {
      if (outcome.ok) resolve(outcome.settings);
      else if (outcome.domain) {
        const d = outcome.domain;
        reject(new DomainError(d.kind, d.code, d.message, d.details));
      } else reject(Object.assign(new Error(outcome.error?.message), { code: outcome.error?.code }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the snapshot rebuild stopped (exit code ${code})`)));
  });
}
