import type { ServiceDeps } from './deps.js';
import type { JobHandler, JobHandlers } from './due-work.js';
import { announce, announceMailSent } from './events.js';
import { completeSmartAccountRequest } from './lifecycle.js';
import type { Sandbox } from './sandbox.js';
import { completeShare } from './sharing.js';

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

/**
 * The one table from job kind to handler. The handlers schedule work themselves, so the scheduler
 * (due-work.ts) is handed this table rather than importing them.
 */
export const JOB_HANDLERS: JobHandlers = {
  'deliver-mail': deliverMail as JobHandler,
  'complete-share': completeShare as JobHandler,
  'complete-smart-account-request': completeSmartAccountRequest as JobHandler,
};
