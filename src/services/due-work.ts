import type { ServiceDeps } from './deps.js';
import type { Sandbox } from './sandbox.js';

/** The kinds of work a use case can schedule on the sandbox clock. */
export type JobKind = 'deliver-mail' | 'complete-share' | 'complete-smart-account-request';

export type JobHandler = (deps: ServiceDeps, sandbox: Sandbox, payload: never, dueMs: number) => void;

/** What runs each kind of job: built once (job-handlers.ts) and handed to runDueWork. */
export type JobHandlers = Readonly<Record<JobKind, JobHandler>>;

const BATCH = 100;

/**
 * Runs every job whose time has come on the sandbox clock, oldest first, each in its own
 * transaction, stamped with its due time (not the time it happened to run).
 */
export function runDueWork(deps: ServiceDeps, sandbox: Sandbox, handlers: JobHandlers): number {
  let ran = 0;
  // Every request comes through here: the next due time alone answers "nothing to do" cheaply.
  const next = sandbox.store.jobs.nextDueMs();
  if (next === null || next > sandbox.nowMs()) return ran;
  for (;;) {
    const now = sandbox.nowMs();
    const jobs = sandbox.store.jobs.due(now, BATCH);
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      const handler = handlers[job.kind as JobKind] as JobHandler | undefined;
      sandbox.store.write(() => {
        if (sandbox.store.jobs.finish(job.id, job.dueMs) && handler)
          handler(deps, sandbox, job.payload as never, job.dueMs);
      });
      ran++;
    }
  }
}

/** Schedules a job; call inside the use case's transaction so it commits with the rest. */
export function schedule(sandbox: Sandbox, dueMs: number, kind: JobKind, payload: unknown): void {
  sandbox.store.jobs.insert(dueMs, kind, payload);
}
