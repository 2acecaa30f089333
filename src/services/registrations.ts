import { findAsaModel } from '../domain/asa-models.js';
import { emailDate } from '../domain/dates.js';
import { requireAsa, type Platform } from '../domain/platforms.js';
import { parseSendTo } from '../domain/email-address.js';
import { invalid, notFound, unprocessable } from '../domain/errors.js';
import {
  planAllocation,
  provisionOnRegistration,
  refuseRegisteredTwice,
  type LineRequest,
} from '../domain/ledger.js';
import { validateDeviceRows } from '../domain/serial.js';
import type { UserRow } from '../storage/users.js';
import type { ServiceDeps } from './deps.js';
import { activeLicenses, grantLicenses } from './devices.js';
import { provision, takeUnits } from './ledger.js';
import { announce } from './events.js';
import type { WriteHook } from './idempotency.js';
import { loadUsablePaks } from './licenses.js';
import { captureMail } from './mailbox.js';
import type { Sandbox } from './sandbox.js';
import { recordTransaction, type EndUserInput } from './transactions.js';

export const TERMS_NOT_AGREED_MESSAGE =
  'You must agree with the Terms of the License Agreement before you submit';

export interface RegistrationInput {
  paks: string | string[];
  smartAccount?: string | null;
  virtualAccount?: string | null;
  lines?: LineRequest[];
  devices: string[];
  sendTo?: string | string[];
  endUser?: EndUserInput;
  agreeToTerms: boolean;
  /** The head-end; PAK registration exists for the ASA only. */
  platform?: Platform;
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
  requireAsa(input.platform ?? 'asa');
  const serials = validateDeviceRows(input.devices, 'devices');
  for (const serial of serials) {
    const known = sandbox.store.asaDevices.get(serial);
    if (known) requireAsa(findAsaModel(known.model)?.platform ?? 'asa', 'devices');
  }
  const sendTo = parseSendTo(input.sendTo ?? user.email, 'sendTo');
  const { smartAccount, virtualAccount } = resolveAccounts(sandbox, user, input);
  if (input.agreeToTerms !== true)
    throw invalid('TERMS_NOT_AGREED', TERMS_NOT_AGREED_MESSAGE, { field: 'agreeToTerms' });

  const store = sandbox.store;
  return store.write(() => {
    hook?.begin();
    const now = sandbox.nowMs();
    const paks = loadUsablePaks(sandbox, input.paks, 'paks');
    const lines = paks.flatMap((p) => p.lines);
    const plan = planAllocation(lines, input.lines, serials.length, sandbox.settings().popupBlocker);
    refuseRegisteredTwice(
      serials.flatMap((serial) => activeLicenses(sandbox, serial)),
      plan.allocations,
      serials,
    );
    for (const allocation of plan.allocations) takeUnits(sandbox, allocation);

    const mailDelayMs = sandbox.settings().mailDelayMs;
    const transactionId = recordTransaction(sandbox, user, {
      type: 'registration',
      processing: mailDelayMs > 0,
      sendTo,
      endUser: input.endUser,
      smartAccount,
      virtualAccount,
    });
    for (const { line, quantity } of plan.allocations)
      store.registrations.insertLine(transactionId, line.id, quantity);
    for (const pak of plan.deactivatePaks) {
      store.paks.deactivate(
        pak,
        now,
        'All quantity of the multi-use PAK was registered (register all quantity)',
      );
    }

    const grants = plan.allocations.map(({ line, perDevice }) => ({
      pakLineId: line.id,
      sku: line.sku,
      quantity: perDevice,
    }));
    if (smartAccount !== null && virtualAccount !== null) {
      for (const allocation of plan.allocations) {
        const row = store.paks.line(allocation.line.id);
        if (!row) continue;
        const amount = provisionOnRegistration(row, allocation);
        provision(sandbox, { smartAccount, virtualAccount, transactionId }, row.id, amount);
      }
    }

    const licenses: RegisteredLicense[] = [];
    for (const serial of serials) {
      grantLicenses(sandbox, serial, grants, { transactionId, ccoId: user.ccoId, nowMs: now });
      const activationKey = store.devices.get(serial)?.activationKey ?? null;
      const deviceLines = plan.allocations.map(({ line, perDevice }) => {
        const row = store.paks.line(line.id);
        const license: RegisteredLicense = {
          serial,
          pak: line.pak,
          sku: line.sku,
          smartAccount: smartAccount ?? 'Unassigned',
          quantity: perDevice,
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
  const account = sandbox.store.smartAccounts.forUser(user.ccoId).find((s) => s.name === smartAccount);
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
