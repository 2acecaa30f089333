import { parseDuration } from '../domain/duration.js';
import { invalid } from '../domain/errors.js';
import type { MailSearch } from '../storage/mail.js';
import type { ServiceDeps } from './deps.js';
import { listMail, type MailSummary } from './mailbox.js';
import type { SandboxService } from './sandboxes.js';

/** Longest a mailbox wait may hold a request open (real time). */
export const MAX_WAIT_MS = 5 * 60_000;

export function parseWait(text: string): number {
  const ms = parseDuration(text, 'wait');
  if (ms > MAX_WAIT_MS) throw invalid('WAIT_TOO_LONG', 'wait: at most 5m', { field: 'wait' });
  return ms;
}

/**
 * The matching messages as soon as there is one, or null after `waitMs` of real time. Sleeps on the
 * event bus: the search runs once now, once per mail.sent of the sandbox (a clock move or real time
 * making delayed mail due both announce it), and once at the deadline; never in a loop.
 */
export function waitForMail(
  deps: ServiceDeps,
  sandboxes: SandboxService,
  sandboxId: string,
  search: MailSearch,
  waitMs: number,
  abort: AbortSignal,
): Promise<MailSummary[] | null> {
  const runSearch = () => listMail(sandboxes.open(sandboxId), search);
  const now = runSearch();
  if (now.length > 0 || waitMs === 0) return Promise.resolve(now.length > 0 ? now : null);

  return new Promise((resolve, reject) => {
    let settled = false;
    let checkQueued = false;
    const finish = (result: MailSummary[] | null, err?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      unsubscribe();
      abort.removeEventListener('abort', onAbort);
      if (err === undefined) resolve(result);
      else reject(err);
    };
    const check = (final: boolean) => {
      if (settled) return;
      try {
        const found = runSearch();
        if (found.length > 0) finish(found);
        else if (final) finish(null);
      } catch (err) {
        finish(null, err);
      }
    };
    const unsubscribe = deps.events.subscribe(sandboxId, (event) => {
      if (event.type !== 'mail.sent' || checkQueued) return;
      // Announced from inside a commit: search once the burst of deliveries is over.
      checkQueued = true;
      queueMicrotask(() => {
        checkQueued = false;
        check(false);
      });
    });
    const deadline = setTimeout(() => check(true), waitMs);
    const onAbort = () => finish(null);
    abort.addEventListener('abort', onAbort);
  });
}
