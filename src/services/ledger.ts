/**
 * The ledger's writes: the only code that changes what a PAK line has assigned or provisioned.
 * Each one is a conditional update (so concurrent requests never over-allocate) followed by the
 * domain's invariant check on the row as stored, inside the caller's transaction.
 */
import { checkLine, type Allocation } from '../domain/ledger.js';
import { conflict } from '../domain/errors.js';
import type { Sandbox } from './sandbox.js';
import { smartLicenseName } from './licenses.js';

function checked(sandbox: Sandbox, pakLineId: number): void {
  const row = sandbox.store.paks.line(pakLineId);
  if (row) checkLine(row);
}

/** Takes a registration's units off its PAK line. */
export function takeUnits(sandbox: Sandbox, { line, quantity }: Allocation): void {
  if (!sandbox.store.paks.assign(line.id, quantity)) {
    const fresh = sandbox.store.paks.line(line.id);
    throw conflict(
      'QUANTITY_NOT_AVAILABLE',
      `Quantity to Assign ${quantity} for ${line.sku} on PAK ${line.pak} exceeds the Quantity Available ${fresh ? fresh.quantity - fresh.assigned : 0}`,
      { pak: line.pak, sku: line.sku },
    );
  }
  checked(sandbox, line.id);
}

/** Gives back what an RMA returns of a registration's units. */
export function giveBack(sandbox: Sandbox, transactionId: string, pakLineId: number, units: number): void {
  if (units === 0) return;
  const store = sandbox.store;
  if (
    !store.registrations.markReturned(transactionId, pakLineId, units) ||
    !store.paks.unassign(pakLineId, units)
  ) {
    throw new Error(`ledger: cannot give back ${units} of line ${pakLineId} for ${transactionId}`);
  }
  checked(sandbox, pakLineId);
}

/** Puts `amount` of a PAK line's entitlement into a Virtual Account (nothing when 0). */
export function provision(
  sandbox: Sandbox,
  target: { smartAccount: string; virtualAccount: string; transactionId: string },
  pakLineId: number,
  amount: number,
): void {
  if (amount <= 0) return;
  const store = sandbox.store;
  const line = store.paks.line(pakLineId);
  if (!line || !store.paks.provision(pakLineId, amount)) {
    throw new Error(`ledger: cannot provision ${amount} of line ${pakLineId}`);
  }
  store.smartAccounts.insertEntitlement({
    smartAccount: target.smartAccount,
    virtualAccount: target.virtualAccount,
    license: smartLicenseName(line.sku),
    quantity: amount,
    startDate: line.startDate,
    endDate: line.endDate,
    pak: line.pak,
    transactionId: target.transactionId,
  });
  checked(sandbox, pakLineId);
}
