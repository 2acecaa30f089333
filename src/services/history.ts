import { notFound } from '../domain/errors.js';
import type { TransactionRow, UserRow } from '../storage/sandbox-store.js';
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
}

export interface TransactionDetail extends TransactionSummary {
  sendTo: string[];
  endUser: Record<string, string>;
  smartAccount: string | null;
  virtualAccount: string | null;
  lines: Array<{ pak: string; sku: string; quantity: number; startDate: string; endDate: string | null }>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function summarize(sandbox: Sandbox, t: TransactionRow): TransactionSummary {
  const lines = sandbox.store.registrationLines(t.id);
  return {
    id: t.id,
    type: t.type,
    status: t.status,
    createdAt: iso(t.createdMs) as string,
    completedAt: iso(t.completedMs),
    paks: [...new Set(lines.map((l) => l.pak))],
    serials: sandbox.store.serialsOfTransaction(t.id),
    emailsSent: sandbox.store.mailOfTransaction(t.id).map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      status: m.status,
      deliverAt: iso(m.deliverMs) as string,
    })),
  };
}

/** Manage > Transactions History: a user sees only their own transactions. */
export function listTransactions(sandbox: Sandbox, user: UserRow, limit: number, offset: number) {
  const { rows, total } = sandbox.store.transactionsOf(user.ccoId, limit, offset);
  return { transactions: rows.map((t) => summarize(sandbox, t)), total, limit, offset };
}

export function getTransaction(sandbox: Sandbox, user: UserRow, id: string): TransactionDetail {
  const t = sandbox.store.getTransaction(id);
  if (!t || t.ccoId !== user.ccoId) {
    throw notFound('TRANSACTION_NOT_FOUND', `No transaction ${id} in ${user.ccoId}'s Transactions History`, {
      id,
    });
  }
  return {
    ...summarize(sandbox, t),
    sendTo: t.sendTo,
    endUser: t.endUser,
    smartAccount: t.smartAccount,
    virtualAccount: t.virtualAccount,
    lines: sandbox.store
      .registrationLines(t.id)
      .map(({ pak, sku, quantity, startDate, endDate }) => ({ pak, sku, quantity, startDate, endDate })),
  };
}

export interface DeviceView {
  serial: string;
  activationKey: string | null;
  licenses: Array<{
    pak: string;
    sku: string;
    quantity: number;
    startDate: string;
    endDate: string | null;
    transactionId: string;
    registeredAt: string;
  }>;
}

/** Licenses this user registered to a serial, and the serial's current activation key. */
export function getDevice(sandbox: Sandbox, user: UserRow, serial: string): DeviceView {
  const normalized = serial.toUpperCase();
  const mine = sandbox.store.deviceLicenses(normalized).filter((l) => l.ccoId === user.ccoId);
  if (mine.length === 0) {
    throw notFound('DEVICE_NOT_FOUND', `No licenses registered by ${user.ccoId} to serial number ${serial}`, {
      serial,
    });
  }
  return {
    serial: normalized,
    activationKey: sandbox.store.getDevice(normalized)?.activationKey ?? null,
    licenses: mine.map((l) => ({
      pak: l.pak,
      sku: l.sku,
      quantity: l.quantity,
      startDate: l.startDate,
      endDate: l.endDate,
      transactionId: l.transactionId,
      registeredAt: iso(l.registeredMs) as string,
    })),
  };
}
