import { emailDate } from '../domain/dates.js';
import { parseSendTo } from '../domain/email-address.js';
import { conflict, invalid, notFound, unprocessable } from '../domain/errors.js';
import { randomDigits } from '../domain/random.js';
import { planAllocation, type LineRequest } from '../domain/registration.js';
import { validateDeviceRows } from '../domain/serial.js';
import type { UserRow } from '../storage/sandbox-store.js';
import type { ServiceDeps } from './deps.js';
import { announce } from './events.js';
import type { WriteHook } from './idempotency.js';
import { deviceKey, loadUsablePaks } from './licenses.js';
import { captureMail } from './mailbox.js';
import type { Sandbox } from './sandbox.js';

export const TERMS_NOT_AGREED_MESSAGE =
  'You must agree with the Terms of the License Agreement before you submit';

export interface EndUser {
  name: string;
  company: string;
  email: string;
}

export interface RegistrationInput {
  paks: string | string[];
  smartAccount?: string | null;
  virtualAccount?: string | null;
  lines?: LineRequest[];
  devices: string[];
  sendTo?: string | string[];
  endUser?: Partial<EndUser>;
  agreeToTerms: boolean;
}

export interface RegisteredLicense {
  serial: string;
  pak: string;
  sku: string;
  smartAccount: string;
  quantity: number;
  startDate: string;
  endDate: string | null;
}

export interface LicenseRequestStatus {
  transactionId: string;
  status: 'processing' | 'completed';
  message: string;
  sentTo: string[];
  licenses: RegisteredLicense[];
  deactivatedPaks: string[];
}

/**
 * The three wizard steps in one request. Everything is checked, then quantity is taken, the
 * transaction, devices and keys are written and the emails captured, in one SQLite transaction:
 * a refusal at any point changes nothing. An idempotency hook, when given, runs inside that transaction.
 */
export function register(
  deps: ServiceDeps,
  sandbox: Sandbox,
  user: UserRow,
  input: RegistrationInput,
  hook?: WriteHook<LicenseRequestStatus>,
): LicenseRequestStatus {
  const serials = validateDeviceRows(input.devices, 'devices');
  const sendTo = parseSendTo(input.sendTo ?? user.email, 'sendTo');
  const { smartAccount, virtualAccount } = resolveAccounts(sandbox, user, input);
  const endUser: EndUser = {
    name: input.endUser?.name?.trim() || user.name,
    company: input.endUser?.company?.trim() || user.company,
    email: input.endUser?.email?.trim() || user.email,
  };
  if (input.agreeToTerms !== true)
    throw invalid('TERMS_NOT_AGREED', TERMS_NOT_AGREED_MESSAGE, { field: 'agreeToTerms' });

  const store = sandbox.store;
  return store.write(() => {
    hook?.begin();
    const now = sandbox.nowMs();
    const paks = loadUsablePaks(sandbox, input.paks, 'paks');
    const lines = paks.flatMap((p) => p.lines);
    const plan = planAllocation(lines, input.lines, serials.length, sandbox.settings().popupBlocker);

    for (const { line, quantity } of plan.allocations) {
      if (!store.assign(line.id, quantity)) {
        const fresh = store.pakLine(line.id);
        throw conflict(
          'QUANTITY_NOT_AVAILABLE',
          `Quantity to Assign ${quantity} for ${line.sku} on PAK ${line.pak} exceeds the Quantity Available ${fresh ? fresh.quantity - fresh.assigned : 0}`,
          { pak: line.pak, sku: line.sku },
        );
      }
    }

    const transactionId = uniqueTransactionId(deps, sandbox);
    const mailDelayMs = sandbox.settings().mailDelayMs;
    store.insertTransaction({
      id: transactionId,
      type: 'registration',
      status: mailDelayMs > 0 ? 'processing' : 'completed',
      ccoId: user.ccoId,
      createdMs: now,
      completedMs: mailDelayMs > 0 ? null : now,
      sendTo,
      endUser: { ...endUser },
      smartAccount,
      virtualAccount,
    });
    for (const { line, quantity } of plan.allocations)
      store.insertRegistrationLine(transactionId, line.id, quantity);
    for (const pak of plan.deactivatePaks) {
      store.deactivatePak(
        pak,
        now,
        'All quantity of the multi-use PAK was registered (register all quantity)',
      );
    }

    const licenses: RegisteredLicense[] = [];
    for (const serial of serials) {
      store.ensureDevice(serial, now);
      for (const { line, quantity } of plan.allocations) {
        store.insertDeviceLicense({
          serial,
          pakLineId: line.id,
          transactionId,
          ccoId: user.ccoId,
          quantity: line.multiUse ? 1 : quantity,
          registeredMs: now,
        });
      }
    }
    for (const serial of serials) {
      const { features, activationKey } = deviceKey(sandbox, serial);
      store.upsertDevice({ serial, activationKey, features: JSON.stringify(features), updatedMs: now });
      const deviceLines = plan.allocations.map(({ line, quantity }) => {
        const row = store.pakLine(line.id);
        const license: RegisteredLicense = {
          serial,
          pak: line.pak,
          sku: line.sku,
          smartAccount: smartAccount ?? 'Unassigned',
          quantity: line.multiUse ? 1 : quantity,
          startDate: row?.startDate as string,
          endDate: row?.endDate ?? null,
        };
        licenses.push(license);
        return license;
      });
      captureMail(deps, sandbox, {
        template: 'activation-key',
        to: sendTo,
        transactionId,
        delayMs: mailDelayMs,
        data: {
          serial,
          activationKey,
          transactionId,
          licenses: deviceLines.map((l) => ({
            pak: l.pak,
            sku: l.sku,
            startDate: emailDate(l.startDate),
            endDate: l.endDate && emailDate(l.endDate),
          })),
        },
      });
    }
    if (mailDelayMs === 0) {
      announce(deps.events, sandbox, 'transaction.completed', now, {
        id: transactionId,
        ccoId: user.ccoId,
        status: 'completed',
      });
    }
    const result: LicenseRequestStatus = {
      transactionId,
      status: mailDelayMs > 0 ? 'processing' : 'completed',
      message: `The License has been sent to - ${sendTo.join(', ')}`,
      sentTo: sendTo,
      licenses,
      deactivatedPaks: plan.deactivatePaks,
    };
    hook?.commit(result);
    return result;
  });
}

function resolveAccounts(sandbox: Sandbox, user: UserRow, input: RegistrationInput) {
  const smartAccount = input.smartAccount?.trim() || null;
  const virtualAccount = input.virtualAccount?.trim() || null;
  if (smartAccount === null) {
    if (virtualAccount !== null) {
      throw invalid(
        'SMART_ACCOUNT_REQUIRED',
        'smartAccount: select a Smart Account before a Virtual Account',
        { field: 'smartAccount' },
      );
    }
    return { smartAccount, virtualAccount };
  }
  const account = sandbox.store.smartAccountsOf(user.ccoId).find((s) => s.name === smartAccount);
  if (!account) {
    throw notFound(
      'SMART_ACCOUNT_UNKNOWN',
      `smartAccount: ${user.ccoId} has no access to a Smart Account named ${smartAccount}`,
      {
        field: 'smartAccount',
      },
    );
  }
  if (virtualAccount === null) {
    throw invalid(
      'VIRTUAL_ACCOUNT_REQUIRED',
      'virtualAccount: Virtual Account is Required with Smart Account',
      { field: 'virtualAccount' },
    );
  }
  if (!account.virtualAccounts.includes(virtualAccount)) {
    throw unprocessable(
      'VIRTUAL_ACCOUNT_UNKNOWN',
      `virtualAccount: Smart Account ${smartAccount} has no Virtual Account named ${virtualAccount}`,
      {
        field: 'virtualAccount',
      },
    );
  }
  return { smartAccount, virtualAccount };
}

function uniqueTransactionId(deps: ServiceDeps, sandbox: Sandbox): string {
  for (;;) {
    const id = randomDigits(sandbox.random, 10);
    if (!sandbox.store.transactionExists(id)) return id;
  }
}
