import type { Capacity, Refusal } from '../domain/capacity.js';
import { parseDuration } from '../domain/duration.js';
import { invalid } from '../domain/errors.js';
import type { MailRow, MailSearch } from '../storage/mail.js';
import type { ServiceDeps } from './deps.js';
import type { SandboxEvent } from './events.js';
import { listMail, type MailSummary } from './mailbox.js';
import type { SandboxService } from './sandboxes.js';

/** Longest a mailbox wait may hold a request open (real time). */
export const MAX_WAIT_MS = 5 * 60_000;

export function parseWait(text: string): number {
  const ms = parseDuration(text, 'wait');
  if (ms > MAX_WAIT_MS) throw invalid('WAIT_TOO_LONG', 'wait: at most 5m', { field: 'wait' });
  return ms;
}

/** A cap said no: which one, so the edge can answer 429 (this sandbox) or 503 (the server). */
export class WaitRefused extends Error {
  constructor(readonly refused: Refusal) {
    super(`mail waits: the ${refused} cap is reached`);
  }
}

interface Waiter {
  search: MailSearch;
  /** Runs the waiter's own search; true when it found mail and is done. */
  recheck(): void;
}

/** What SQLite's MAIL_MATCH keeps, decided in memory: a superset (JS lower-cases more than SQLite). */
function mayMatch(m: MailRow, s: MailSearch): boolean {
  if (m.status !== 'delivered') return false;
  if (s.folder !== null && m.folder !== s.folder) return false;
  if (s.sinceMs !== null && m.deliverMs < s.sinceMs) return false;
  if (s.subject !== null && !m.subject.toLowerCase().includes(s.subject.toLowerCase())) return false;
  if (s.text !== null && !m.text.toLowerCase().includes(s.text.toLowerCase())) return false;
  if (s.to !== null) {
    const to = s.to.toLowerCase();
    if (!m.to.some((a) => a.toLowerCase() === to)) return false;
  }
  return true;
}

/**
 * Mailbox waits (`?wait=`), one instance per app. Each sandbox with waiters has one listener on the
 * event bus: a delivery reads the delivered message once (one query per delivery, however many wait)
 * and tests it against every waiter's search in memory; only a waiter it may satisfy runs its own
 * search, and then answers. So 3,000 waiters cost a delivery one query, not 3,000. Waits are capped
 * per sandbox and per server (Capacity).
 */
export class MailWaits {
  private readonly bySandbox = new Map<string, { waiters: Set<Waiter>; unsubscribe: () => void }>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly sandboxes: SandboxService,
    private readonly capacity: Capacity,
  ) {}

  /**
   * The matching messages as soon as there is one, or null after `waitMs` of real time. The search
   * runs once now, again only when a delivery may match it, and once at the deadline; never in a loop.
   * Throws WaitRefused when a cap is reached.
   */
  wait(
    sandboxId: string,
    search: MailSearch,
    waitMs: number,
    abort: AbortSignal,
  ): Promise<MailSummary[] | null> {
    const runSearch = () => listMail(this.sandboxes.open(sandboxId), search);
    const now = runSearch();
    if (now.length > 0 || waitMs === 0) return Promise.resolve(now.length > 0 ? now : null);
    const slot = this.capacity.acquire(sandboxId);
    if ('refused' in slot) throw new WaitRefused(slot.refused);

    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (result: MailSummary[] | null, err?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        this.leave(sandboxId, waiter);
        slot.release();
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
      const waiter: Waiter = { search, recheck: () => check(false) };
      this.join(sandboxId, waiter);
      const deadline = setTimeout(() => check(true), waitMs);
      const onAbort = () => finish(null);
      abort.addEventListener('abort', onAbort);
    });
  }

  /** Waiters open in a sandbox (tests and diagnostics). */
  waiting(sandboxId: string): number {
    return this.bySandbox.get(sandboxId)?.waiters.size ?? 0;
  }

  private join(sandboxId: string, waiter: Waiter): void {
    let group = this.bySandbox.get(sandboxId);
    if (!group) {
      const waiters = new Set<Waiter>();
      const pending: string[] = [];
      const unsubscribe = this.deps.events.subscribe(sandboxId, (event: SandboxEvent) => {
        if (event.type !== 'mail.sent') return;
        // Announced from inside a commit: read the burst of deliveries once it is over.
        if (pending.push(String(event.data.id)) === 1) queueMicrotask(() => this.deliver(sandboxId, pending));
      });
      group = { waiters, unsubscribe };
      this.bySandbox.set(sandboxId, group);
    }
    group.waiters.add(waiter);
  }

  private leave(sandboxId: string, waiter: Waiter): void {
    const group = this.bySandbox.get(sandboxId);
    if (!group) return;
    group.waiters.delete(waiter);
    if (group.waiters.size === 0) {
      group.unsubscribe();
      this.bySandbox.delete(sandboxId);
    }
  }

  private deliver(sandboxId: string, pending: string[]): void {
    const ids = pending.splice(0);
    const group = this.bySandbox.get(sandboxId);
    if (!group) return;
    let delivered: MailRow[];
    try {
      const store = this.sandboxes.open(sandboxId).store;
      delivered = ids.map((id) => store.mail.get(id)).filter((m): m is MailRow => m !== undefined);
    } catch {
      // The sandbox is gone or unreadable: each waiter finds out with its own search.
      for (const w of [...group.waiters]) w.recheck();
      return;
    }
    for (const w of [...group.waiters]) {
      if (delivered.some((m) => mayMatch(m, w.search))) w.recheck();
    }
  }
}
