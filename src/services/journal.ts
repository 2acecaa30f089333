import { invalid } from '../domain/errors.js';
import type { JournalRow } from '../storage/sandbox-store.js';
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

/** Appends one portal request to the sandbox journal, keeping only the newest journalSize entries. */
export function recordRequest(sandbox: Sandbox, entry: JournalEntryInput): void {
  const keep = sandbox.settings().journalSize;
  if (keep > 0) sandbox.store.appendJournal(entry, keep);
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
  const rows = sandbox.store.searchJournal({
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
    total: sandbox.store.countJournal(),
    size: sandbox.settings().journalSize,
  };
}

export function clearRequests(sandbox: Sandbox): number {
  return sandbox.store.write(() => sandbox.store.clearJournal());
}
