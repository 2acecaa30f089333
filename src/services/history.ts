import { invalid, notFound } from '../domain/errors.js';
import type { TransactionRow } from '../storage/transactions.js';
import type { UserRow } from '../storage/users.js';
import type { Sandbox } from './sandbox.js';

export interface EmailSent {
  id: string;
  to: string[];
  subject: string;
  status: 'queued' | 'delivered';
  deliverAt: string;
}

export interface TransactionSummary {
  id: string;
  type: string;
  status: 'processing' | 'completed' | 'failed';
  createdAt: string;
  completedAt: string | null;
  paks: string[];
  serials: string[];
  emailsSent: EmailSent[];
  /** A processing transaction: when it completes on the sandbox clock. */
  completesAt: string | null;
}

export interface TransactionDetail extends TransactionSummary {
  sendTo: string[];
  endUser: Record<string, string>;
  smartAccount: string | null;
  virtualAccount: string | null;
  lines: Array<{ pak: string; sku: string; quantity: number; startDate: string; endDate: string | null }>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function byTransaction<T extends { transactionId: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const group = grouped.get(row.transactionId);
    if (group) group.push(row);
    else grouped.set(row.transactionId, [row]);
  }
  return grouped;
}

/**
 * A page of Transactions History in four queries, whatever its length: the lines each transaction
 * assigned (registration) or copied (share), the serials, and the emails sent (without their bodies).
 */
/** The scheduled work that completes a processing transaction, by its type. */
const COMPLETION_WORK: Record<string, string> = {
  share: 'complete-share',
  'smart-account-sharing': 'complete-smart-account-request',
};

function completionTimes(sandbox: Sandbox, rows: readonly TransactionRow[]): Map<string, number> {
  const times = new Map<string, number>();
  const kinds = new Set(rows.filter((t) => t.status === 'processing').map((t) => COMPLETION_WORK[t.type]));
  for (const kind of kinds) {
    if (kind) for (const [id, due] of sandbox.store.jobs.pendingByTransaction(kind)) times.set(id, due);
  }
  return times;
}

function summarize(sandbox: Sandbox, rows: readonly TransactionRow[]): TransactionSummary[] {
  const ids = rows.map((t) => t.id);
  const completes = completionTimes(sandbox, rows);
  const registered = byTransaction(sandbox.store.history.registrationLines(ids));
  const shared = byTransaction(sandbox.store.history.shareLines(ids));
  const serials = byTransaction(sandbox.store.history.serials(ids));
  const mail = byTransaction(sandbox.store.history.mailSummaries(ids));
  return rows.map((t) => {
    const lines = [...(registered.get(t.id) ?? []), ...(shared.get(t.id) ?? [])];
    const serialSet = new Set((serials.get(t.id) ?? []).map((s) => s.serial));
    const share = shared.get(t.id)?.[0];
    if (share) serialSet.add(share.targetSerial);
    return {
      id: t.id,
      type: t.type,
      status: t.status,
      createdAt: iso(t.createdMs) as string,
      completedAt: iso(t.completedMs),
      paks: [...new Set(lines.map((l) => l.pak))],
      serials: [...serialSet].sort(),
      emailsSent: (mail.get(t.id) ?? []).map((m) => ({
        id: m.id,
        to: m.to,
        subject: m.subject,
        status: m.status,
        deliverAt: iso(m.deliverMs) as string,
      })),
      completesAt: t.status === 'processing' ? iso(completes.get(t.id) ?? null) : null,
    };
  });
}

/**
 * Manage > Transactions History: a user sees only their own transactions. With `id`, the one
 * transaction with that ID (the FAQ's "Use this transaction ID to view status"), or none.
 */
export function listTransactions(
  sandbox: Sandbox,
  user: UserRow,
  limit: number,
  offset: number,
  id?: string,
  after?: string,
) {
  if (id !== undefined) {
    const t = sandbox.store.transactions.get(id.trim());
    const rows = t && t.ccoId === user.ccoId && offset === 0 && limit > 0 ? [t] : [];
    return {
      transactions: summarize(sandbox, rows),
      total: t && t.ccoId === user.ccoId ? 1 : 0,
      limit,
      offset,
      nextCursor: null,
    };
  }
  let page;
  if (after === undefined) page = sandbox.store.transactions.ofUser(user.ccoId, limit, offset);
  else {
    if (offset !== 0)
      throw invalid('CURSOR_WITH_OFFSET', 'after: give either after or offset, not both', { field: 'after' });
    page = sandbox.store.transactions.ofUserBefore(user.ccoId, limit, parseCursor(after));
  }
  const { rows, total } = page;
  const last = rows.at(-1);
  return {
    transactions: summarize(sandbox, rows),
    total,
    limit,
    offset,
    nextCursor: last && rows.length === limit ? cursorOf(last) : null,
  };
}

/** A page cursor: the position of its last entry (creation time and ID), opaque to clients. */
const cursorOf = (t: TransactionRow) => Buffer.from(`${t.createdMs}.${t.id}`).toString('base64url');
const CURSOR = /^(\d{1,16})\.([A-Za-z0-9_-]{1,64})$/;

function parseCursor(after: string): { createdMs: number; id: string } {
  const m = CURSOR.exec(Buffer.from(after, 'base64url').toString('utf8'));
  if (!m) {
    throw invalid('INVALID_CURSOR', "after: not a cursor; pass a previous page's nextCursor as it is", {
      field: 'after',
    });
  }
  return { createdMs: Number(m[1]), id: m[2] as string };
}

/** When a processing transaction completes on the sandbox clock, or null. */
export function completesAt(sandbox: Sandbox, transactionId: string): string | null {
  const t = sandbox.store.transactions.get(transactionId);
  return t ? (summarize(sandbox, [t])[0]?.completesAt ?? null) : null;
}

export function getTransaction(sandbox: Sandbox, user: UserRow, id: string): TransactionDetail {
  const t = sandbox.store.transactions.get(id);
  if (!t || t.ccoId !== user.ccoId) {
    throw notFound('TRANSACTION_NOT_FOUND', `No transaction ${id} in ${user.ccoId}'s Transactions History`, {
      id,
    });
  }
  return {
    ...(summarize(sandbox, [t])[0] as TransactionSummary),
    sendTo: t.sendTo,
    endUser: t.endUser,
    smartAccount: t.smartAccount,
    virtualAccount: t.virtualAccount,
    lines: sandbox.store.registrations
      .lines(t.id)
      .map(({ pak, sku, quantity, startDate, endDate }) => ({ pak, sku, quantity, startDate, endDate })),
  };
}

interface DeviceLicenseView {
  pak: string;
  sku: string;
  quantity: number;
  startDate: string;
  endDate: string | null;
  transactionId: string;
  registeredAt: string;
  sharedFrom: string | null;
}

export interface DeviceView {
  serial: string;
  activationKey: string | null;
  /** The latest end date among the active term licenses: a renewal extends it, the key stays. */
  termEndDate: string | null;
  licenses: DeviceLicenseView[];
  removedLicenses: Array<DeviceLicenseView & { removedAt: string; reason: string }>;
  evaluation: {
    activationKey: string;
    startDate: string;
    endDate: string;
    status: 'active' | 'expired';
  } | null;
  events: Array<{ at: string; kind: string; detail: string }>;
}

/** Licenses this user registered or shared to a serial, and the serial's current activation key. */
export function getDevice(sandbox: Sandbox, user: UserRow, serial: string): DeviceView {
  const normalized = serial.toUpperCase();
  const mine = sandbox.store.devices.licenses(normalized).filter((l) => l.ccoId === user.ccoId);
  const evaluations = sandbox.store.devices.evaluations(normalized).filter((e) => e.ccoId === user.ccoId);
  if (mine.length === 0 && evaluations.length === 0) {
    throw notFound('DEVICE_NOT_FOUND', `No licenses registered by ${user.ccoId} to serial number ${serial}`, {
      serial,
    });
  }
  const view = (l: (typeof mine)[number]): DeviceLicenseView => ({
    pak: l.pak,
    sku: l.sku,
    quantity: l.quantity,
    startDate: l.startDate,
    endDate: l.endDate,
    transactionId: l.transactionId,
    registeredAt: iso(l.registeredMs) as string,
    sharedFrom: l.sharedFrom,
  });
  const active = mine.filter((l) => l.removedMs === null);
  const ends = active
    .map((l) => l.endDate)
    .filter((d): d is string => d !== null)
    .sort();
  const evaluation = evaluations.at(-1);
  const today = iso(sandbox.nowMs())?.slice(0, 10) as string;
  return {
    serial: normalized,
    activationKey: sandbox.store.devices.get(normalized)?.activationKey ?? null,
    termEndDate: ends.at(-1) ?? null,
    licenses: active.map(view),
    removedLicenses: mine
      .filter((l) => l.removedMs !== null)
      .map((l) => ({ ...view(l), removedAt: iso(l.removedMs) as string, reason: l.removedReason ?? '' })),
    evaluation: evaluation
      ? {
          activationKey: evaluation.activationKey,
          startDate: evaluation.startDate,
          endDate: evaluation.endDate,
          status: evaluation.endDate > today ? 'active' : 'expired',
        }
      : null,
    events: sandbox.store.devices
      .events(normalized)
      .map((e) => ({ at: iso(e.atMs) as string, kind: e.kind, detail: e.detail })),
  };
}
