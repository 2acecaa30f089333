import type { ServiceDeps } from './deps.js';
import { announce, announceMailSent } from './events.js';
import type { Sandbox } from './sandbox.js';
import { completeSmartAccountRequest } from './lifecycle.js';
import { completeShare } from './sharing.js';

export type JobHandler = (deps: ServiceDeps, sandbox: Sandbox, payload: never, dueMs: number) => void;

/** Delivers a queued email and completes its transaction when it was the last one pending. */
export function deliverMail(
  deps: ServiceDeps,
  sandbox: Sandbox,
  payload: { mailId: string },
  dueMs: number,
): void {
  const mail = sandbox.store.mail.get(payload.mailId);
  if (!mail || !sandbox.store.mail.deliver(mail.id)) return;
  announceMailSent(deps.events, sandbox, mail);
  if (mail.transactionId && sandbox.store.mail.pendingOfTransaction(mail.transactionId) === 0) {
    sandbox.store.transactions.complete(mail.transactionId, dueMs);
    const t = sandbox.store.transactions.get(mail.transactionId);
    announce(deps.events, sandbox, 'transaction.completed', dueMs, {
      id: mail.transactionId,
      ccoId: t?.ccoId ?? null,
      status: t?.status ?? null,
    });
  }
}

const HANDLERS = {
  'deliver-mail': deliverMail as JobHandler,
  'complete-share': completeShare as JobHandler,
  'complete-smart-account-request': completeSmartAccountRequest as JobHandler,
} satisfies Record<string, JobHandler>;

const BATCH = 100;

/**
 * Runs every job whose time has come on the sandbox clock, oldest first, each in its own
 * transaction, stamped with its due time (not the time it happened to run).
 */
export function runDueWork(deps: ServiceDeps, sandbox: Sandbox): number {
  let ran = 0;
  // Every request comes through here: the next due time alone answers "nothing to do" cheaply.
  const next = sandbox.store.jobs.nextDueMs();
  if (next === null || next > sandbox.nowMs()) return ran;
  for (;;) {
    const now = sandbox.nowMs();
    const jobs = sandbox.store.jobs.due(now, BATCH);
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      const handler = HANDLERS[job.kind as keyof typeof HANDLERS] as JobHandler | undefined;
      sandbox.store.write(() => {
        if (sandbox.store.jobs.finish(job.id, job.dueMs) && handler)
          handler(deps, sandbox, job.payload as never, job.dueMs);
      });
      ran++;
    }
  }
}

/** Schedules a job; call inside the use case's transaction so it commits with the rest. */
export function schedule(
  sandbox: Sandbox,
  dueMs: number,
  kind: keyof typeof HANDLERS,
  payload: unknown,
): void {
  sandbox.store.jobs.insert(dueMs, kind, payload);
}
