import { randomDigits } from '../domain/random.js';
import type { UserRow } from '../storage/users.js';
import type { Sandbox } from './sandbox.js';

/** Transaction IDs are 10 digits, unique in the sandbox. */
export function newTransactionId(sandbox: Sandbox): string {
  for (;;) {
    const id = randomDigits(sandbox.random, 10);
    if (!sandbox.store.transactions.exists(id)) return id;
  }
}

export interface EndUserInput {
  name?: string;
  company?: string;
  email?: string;
}

/** "End User: Edit...": blank fields fall back to the signed-in user's profile. */
export function endUserOf(
  user: UserRow,
  input?: EndUserInput,
): { name: string; company: string; email: string } {
  return {
    name: input?.name?.trim() || user.name,
    company: input?.company?.trim() || user.company,
    email: input?.email?.trim() || user.email,
  };
}

export interface NewTransaction {
  type: string;
  /** A processing transaction completes later (mail delay, share delay, Global Licensing). */
  processing: boolean;
  sendTo: string[];
  endUser?: EndUserInput;
  smartAccount?: string | null;
  virtualAccount?: string | null;
}

/** Records a Transactions History entry for the user, inside the caller's write transaction. */
export function recordTransaction(sandbox: Sandbox, user: UserRow, t: NewTransaction): string {
  const id = newTransactionId(sandbox);
  const now = sandbox.nowMs();
  sandbox.store.transactions.insert({
    id,
    type: t.type,
    status: t.processing ? 'processing' : 'completed',
    ccoId: user.ccoId,
    createdMs: now,
    completedMs: t.processing ? null : now,
    sendTo: t.sendTo,
    endUser: endUserOf(user, t.endUser),
    smartAccount: t.smartAccount ?? null,
    virtualAccount: t.virtualAccount ?? null,
  });
  return id;
}
