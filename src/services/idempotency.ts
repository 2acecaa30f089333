import { createHash } from 'node:crypto';
import { conflict } from '../domain/errors.js';
import type { Sandbox } from './sandbox.js';

/** Stripe's window: a key is remembered for 24 hours of sandbox time. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface IdempotencyRequest {
  ccoId: string;
  key: string;
  /** sha256 of method, path and canonical body: "the same parameters". */
  fingerprint: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Lets a use case make the key's record part of its own transaction: `begin` runs first inside it,
 * `commit` last, with the result the caller will send. A crash can't separate effect and record.
 */
export interface WriteHook<T> {
  begin(): void;
  commit(result: T): void;
}

/** Thrown inside a write when the key was used meanwhile: roll back and answer with the stored response. */
export class IdempotentReplay extends Error {
  constructor(readonly response: StoredResponse) {
    super('idempotent replay');
  }
}

/** JSON with object keys sorted, so {"a":1,"b":2} and {"b":2,"a":1} are the same parameters. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function fingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonical(body ?? null)}`)
    .digest('hex');
}

/** The response stored for this user's key, or null; the same key with other parameters is refused. */
export function findStoredResponse(sandbox: Sandbox, req: IdempotencyRequest): StoredResponse | null {
  const row = sandbox.store.idempotency.get(req.ccoId, req.key, sandbox.nowMs());
  if (!row) return null;
  if (row.fingerprint !== req.fingerprint) {
    throw conflict(
      'IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key ${req.key} was already used for a request with different parameters; use a new key for a new request`,
      { field: 'Idempotency-Key' },
    );
  }
  return { status: row.status, body: JSON.parse(row.body) as unknown };
}

/** Stores the first response for the key. Call inside the transaction of the effect. */
export function storeResponse(sandbox: Sandbox, req: IdempotencyRequest, response: StoredResponse): void {
  const now = sandbox.nowMs();
  sandbox.store.idempotency.insert(
    {
      ccoId: req.ccoId,
      key: req.key,
      fingerprint: req.fingerprint,
      status: response.status,
      body: JSON.stringify(response.body),
      createdMs: now,
      expiresMs: now + IDEMPOTENCY_TTL_MS,
    },
    now,
  );
}

/** The hook a route hands to a use case: claim the key inside the transaction, record the result. */
export function idempotentWrite<T>(sandbox: Sandbox, req: IdempotencyRequest, status: number): WriteHook<T> {
  return {
    begin() {
      const stored = findStoredResponse(sandbox, req);
      if (stored) throw new IdempotentReplay(stored);
    },
    commit(result) {
      storeResponse(sandbox, req, { status, body: result });
    },
  };
}
