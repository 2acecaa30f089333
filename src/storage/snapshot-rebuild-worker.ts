/**
 * The worker thread of a snapshot rebuild (see rebuild-in-worker.ts): rebuilds into the staged file,
 * flushes it, and posts the settings back, or the error as plain data.
 */
import { fsyncSync, openSync, closeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../domain/errors.js';
import type { RebuildJob, RebuildOutcome } from './rebuild-in-worker.js';
import { rebuildSnapshot } from './snapshot-rebuild.js';

const job = workerData as RebuildJob;
// Bytes cross the thread boundary as a plain Uint8Array.
const source =
  typeof job.source === 'string'
    ? job.source
    : Buffer.from(job.source.buffer, job.source.byteOffset, job.source.byteLength);
let outcome: RebuildOutcome;
try {
  const rebuilt = await rebuildSnapshot(source, job.migrations, job.signatures, { target: job.target });
  const fd = openSync(job.target, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  outcome = { ok: true, settings: rebuilt.settings };
} catch (err) {
  outcome =
    err instanceof DomainError
      ? { ok: false, domain: { kind: err.kind, code: err.code, message: err.message, details: err.details } }
      : { ok: false, error: { message: (err as Error).message, code: (err as { code?: string }).code } };
}
parentPort?.postMessage(outcome);
