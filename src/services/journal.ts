import { invalid } from '../domain/errors.js';
import type { JournalRow } from '../storage/journal.js';
import type { SandboxStore } from '../storage/sandbox-store.js';
import type { Sandbox } from './sandbox.js';

export type JournalEntryInput = Omit<JournalRow, 'id'>;

export interface JournalEntryView {
  requestId: string;
  at: string;
  method: string;
  path: string;
  operation: string | null;
  status: number;
  durationMs: number;
  user: string | null;
  errorCode: string | null;
  injected: boolean;
}

export interface JournalQuery {
  /** An exact status ("503") or a class ("5xx"). */
  status?: string;
  operation?: string;
  limit?: number;
}

const STATUS = /^[1-5][0-9][0-9]$/;
const STATUS_CLASS = /^([1-5])xx$/i;
/** After SQLITE_BUSY (another process writing), try again this much later. */
const RETRY_MS = 20;

interface Pending {
  store: SandboxStore;
  keep: number;
  entries: JournalEntryInput[];
}

/**
 * The request journal of every sandbox: the newest journalSize portal requests, in the sandbox
 * database. Entries are buffered and written in one transaction per event-loop turn, without
 * waiting for the write lock, so journaling never makes a portal request wait for another process
 * (when the lock is taken, the batch waits a little in memory). A buffer never holds more than
 * journalSize entries. Reads and clears flush or drop the buffer first. One per app (buildApp).
 */
export class RequestJournal {
  private readonly pending = new Map<string, Pending>();
  private scheduled: (() => void) | null = null;

  constructor(private readonly onError: (err: unknown) => void) {}

  record(sandbox: Sandbox, entry: JournalEntryInput): void {
    const keep = sandbox.settings().journalSize;
    if (keep === 0) return;
    let p = this.pending.get(sandbox.id);
    if (!p || p.store !== sandbox.store) {
      p = { store: sandbox.store, keep, entries: [] };
      this.pending.set(sandbox.id, p);
    }
    p.keep = keep;
    p.entries.push(entry);
    if (p.entries.length > keep) p.entries.splice(0, p.entries.length - keep);
    this.schedule(0);
  }

  /** Writes the sandbox's buffered entries now, waiting for the lock if need be. */
  flush(sandboxId: string): void {
    const p = this.pending.get(sandboxId);
    if (!p) return;
    this.pending.delete(sandboxId);
    if (p.store.db.open) p.store.journal.append(p.entries, p.keep, true);
  }

  discard(sandboxId: string): void {
    this.pending.delete(sandboxId);
  }

  /** Writes whatever is buffered (at shutdown, before the databases close). */
  close(): void {
    this.scheduled?.();
    this.scheduled = null;
    for (const id of [...this.pending.keys()]) {
      try {
        this.flush(id);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  /** At most one flush is scheduled: at the next turn of the event loop, or after `ms`. */
  private schedule(ms: number): void {
    if (this.scheduled) return;
    if (ms === 0) {
      const h = setImmediate(() => this.flushAll());
      this.scheduled = () => clearImmediate(h);
    } else {
      const h = setTimeout(() => this.flushAll(), ms);
      h.unref();
      this.scheduled = () => clearTimeout(h);
    }
  }

  private flushAll(): void {
    this.scheduled = null;
    for (const [id, p] of [...this.pending]) {
      try {
        // A sandbox deleted, reset or closed meanwhile: its entries go with it.
        if (!p.store.db.open || p.store.journal.append(p.entries, p.keep, false)) this.pending.delete(id);
      } catch (err) {
        this.pending.delete(id);
        this.onError(err);
      }
    }
    if (this.pending.size > 0) this.schedule(RETRY_MS);
  }
}

/** The journal, newest first. */
export function listRequests(
  sandbox: Sandbox,
  query: JournalQuery,
): { requests: JournalEntryView[]; total: number; size: number } {
  let status: number | null = null;
  let statusClass: number | null = null;
  if (query.status !== undefined) {
    const cls = STATUS_CLASS.exec(query.status);
    if (STATUS.test(query.status)) status = Number(query.status);
    else if (cls) statusClass = Number(cls[1]);
    else
      throw invalid('INVALID_FILTER', 'status: an HTTP status such as 503, or a class such as 5xx', {
        field: 'status',
      });
  }
  const rows = sandbox.store.journal.search({
    status,
    statusClass,
    operation: query.operation ?? null,
    limit: query.limit ?? 100,
  });
  return {
    requests: rows.map((r) => ({
      requestId: r.requestId,
      at: new Date(r.atMs).toISOString(),
      method: r.method,
      path: r.path,
      operation: r.operation,
      status: r.status,
      durationMs: r.durationMs,
      user: r.ccoId,
      errorCode: r.errorCode,
      injected: r.injected,
    })),
    total: sandbox.store.journal.count(),
    size: sandbox.settings().journalSize,
  };
}

export function clearRequests(sandbox: Sandbox): number {
  return sandbox.store.write(() => sandbox.store.journal.clear());
}
