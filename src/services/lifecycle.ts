import { findSku, productFamily } from '../domain/catalog.js';
import { isoDate } from '../domain/dates.js';
import { parseDuration } from '../domain/duration.js';
import { parseSendTo } from '../domain/email-address.js';
import { conflict, invalid, notFound, unprocessable } from '../domain/errors.js';
import { provisionOnSharingRequest } from '../domain/ledger.js';
import { isPakUsable } from '../domain/pak.js';
import type { ContractRow } from '../storage/contracts.js';
import type { UserRow } from '../storage/users.js';
import type { WriteHook } from './idempotency.js';
import type { ServiceDeps } from './deps.js';
import { schedule } from './due-work.js';
import { loadUsablePaks, pakLineView, type PakLineView } from './licenses.js';
import { provision } from './ledger.js';
import { captureMail } from './mailbox.js';
import type { Sandbox } from './sandbox.js';
import { recordTransaction } from './transactions.js';
import type { Address } from './users.js';

const iso = (ms: number) => new Date(ms).toISOString();

export interface FoundPak {
  pak: string;
  productFamily: string;
  salesOrder: string;
  status: 'active' | 'not-yet-active' | 'deactivated';
  activeAt: string;
  lines: PakLineView[];
}

function foundPak(sandbox: Sandbox, pak: string): FoundPak | null {
  const row = sandbox.store.paks.get(pak);
  if (!row) return null;
  const lines = sandbox.store.paks.lines(pak);
  const sku = findSku(lines[0]?.sku ?? '');
  const now = sandbox.nowMs();
  return {
    pak,
    productFamily: sku ? productFamily(sku) : '',
    salesOrder: row.salesOrder,
    status:
      row.deactivatedMs !== null
        ? 'deactivated'
        : isPakUsable({ activeAtMs: row.activeMs, deactivatedAtMs: row.deactivatedMs }, now)
          ? 'active'
          : 'not-yet-active',
    activeAt: iso(row.activeMs),
    lines: lines.map(pakLineView),
  };
}

/**
 * "What happens if I lose my Product Activation Key (PAK)?": find it by Sales Order # (the ordering
 * user) or by a serial number it was registered to (the user who performed the registration only).
 */
export function findLostPaks(
  sandbox: Sandbox,
  user: UserRow,
  query: { salesOrder?: string; serial?: string },
): FoundPak[] {
  if ((query.salesOrder === undefined) === (query.serial === undefined)) {
    throw invalid('SEARCH_REQUIRED', 'Give either salesOrder or serial to find a PAK', {
      field: 'salesOrder',
    });
  }
  let paks: string[];
  if (query.salesOrder !== undefined) {
    paks = sandbox.store.paks.ofSalesOrder(query.salesOrder.trim());
    if (paks.length > 0 && sandbox.store.paks.get(paks[0] as string)?.ownerCcoId !== user.ccoId) paks = [];
    if (paks.length === 0) {
      throw notFound('SALES_ORDER_NOT_FOUND', `No sales order ${query.salesOrder} placed for ${user.ccoId}`, {
        field: 'salesOrder',
      });
    }
  } else {
    const serial = (query.serial as string).trim().toUpperCase();
    paks = [
      ...new Set(
        sandbox.store.devices
          .licenses(serial)
          .filter((l) => l.ccoId === user.ccoId)
          .map((l) => l.pak),
      ),
    ];
    if (paks.length === 0) {
      throw notFound(
        'NO_PAKS_FOR_SERIAL',
        `No PAK registered by ${user.ccoId} to serial number ${query.serial}`,
        { field: 'serial' },
      );
    }
  }
  return paks.map((p) => foundPak(sandbox, p) as FoundPak);
}

/** Control plane: licenses on devices whose term ends within the window (already ended ones included). */
export function expiringLicenses(sandbox: Sandbox, within: string) {
  const ms = parseDuration(within, 'within');
  const today = isoDate(sandbox.nowMs());
  const until = isoDate(sandbox.nowMs() + ms);
  return {
    today,
    until,
    licenses: sandbox.store.devices.licensesEndingBy(until).map((l) => ({
      serial: l.serial,
      pak: l.pak,
      sku: l.sku,
      quantity: l.quantity,
      ccoId: l.ccoId,
      startDate: l.startDate,
      endDate: l.endDate as string,
      expired: (l.endDate as string) <= today,
    })),
  };
}

export const CONTRACT_ADDRESS_MISMATCH_MESSAGE =
  'It is very important that your customer profile address information matches the address information on the contract prior to attempting to link a contract or sending an email.';

const normalizeAddress = (a: Address) =>
  JSON.stringify(
    (['line1', 'city', 'state', 'postalCode', 'country'] as const).map((k) =>
      (a[k] ?? '').trim().replace(/\s+/g, ' ').toLowerCase(),
    ),
  );

function contractView(sandbox: Sandbox, c: ContractRow) {
  return {
    number: c.number,
    salesOrder: c.salesOrder,
    startDate: c.startDate,
    endDate: c.endDate,
    lines: sandbox.store.contracts.lines(c.orderId),
    address: JSON.parse(c.address) as Address,
    availableAt: iso(c.availableMs),
    linkedTo: c.linkedCcoId,
    linkedAt: c.linkedMs === null ? null : iso(c.linkedMs),
  };
}

/** Contracts a user can see: from their own orders once generated, and those linked to them. */
export function listContracts(sandbox: Sandbox, user: UserRow | null) {
  const now = sandbox.nowMs();
  return sandbox.store.contracts
    .forUser(user?.ccoId ?? null)
    .filter((c) => user === null || c.availableMs <= now || c.linkedCcoId === user.ccoId)
    .map((c) => contractView(sandbox, c));
}

/** Links a contract to the user's Cisco.com ID, for SW Center access and TAC support. */
export function linkContract(sandbox: Sandbox, user: UserRow, number: string) {
  const c = sandbox.store.contracts.get(number.trim());
  if (!c || c.availableMs > sandbox.nowMs()) {
    throw notFound(
      'CONTRACT_NOT_FOUND',
      `Contract number ${number} was not found. A contract number usually takes at least a few days from the time the license PAK is electronically delivered; please speak with your reseller if you have not received it.`,
      { field: 'number' },
    );
  }
  if (c.linkedCcoId === user.ccoId) return contractView(sandbox, c);
  if (c.linkedCcoId !== null) {
    throw conflict(
      'CONTRACT_ALREADY_LINKED',
      `Contract number ${c.number} is already linked to another Cisco.com ID`,
      { field: 'number' },
    );
  }
  if (
    normalizeAddress(JSON.parse(user.address) as Address) !==
    normalizeAddress(JSON.parse(c.address) as Address)
  ) {
    throw unprocessable('CONTRACT_ADDRESS_MISMATCH', CONTRACT_ADDRESS_MISMATCH_MESSAGE, {
      field: 'number',
      profileAddress: JSON.parse(user.address),
    });
  }
  sandbox.store.write(() => sandbox.store.contracts.link(c.number, user.ccoId, sandbox.nowMs()));
  return contractView(sandbox, sandbox.store.contracts.get(c.number) as ContractRow);
}

export const LICENSE_TYPES = ['Plus', 'Apex', 'VPN Only'] as const;
export type LicenseType = (typeof LICENSE_TYPES)[number];
const TIER_OF_TYPE: Record<LicenseType, string> = { Plus: 'plus', Apex: 'apex', 'VPN Only': 'vpn-only' };
export const GLOBAL_LICENSING_ADDRESS = 'licensing@cisco.com';

export interface SmartAccountRequestInput {
  smartAccount: string;
  virtualAccount?: string;
  pak: string;
  licenseType: LicenseType;
  sendTo?: string | string[];
}

/**
 * FTD 6.2.1 and later: the AnyConnect Smart License Sharing Request to Cisco Global Licensing. Once
 * processed (later, on the sandbox clock), the entitlement shows in the Smart Account's Virtual Account.
 */
export function requestSmartAccountSharing(
  deps: ServiceDeps,
  sandbox: Sandbox,
  user: UserRow,
  input: SmartAccountRequestInput,
  hook?: WriteHook<unknown>,
) {
  const account = sandbox.store.smartAccounts.find(input.smartAccount.trim());
  if (!account || !sandbox.store.smartAccounts.forUser(user.ccoId).some((s) => s.id === account.id)) {
    throw notFound(
      'SMART_ACCOUNT_UNKNOWN',
      `smartAccount: ${user.ccoId} has no access to a Smart Account named or with domain ${input.smartAccount}`,
      {
        field: 'smartAccount',
      },
    );
  }
  const virtualAccount = input.virtualAccount?.trim() || 'Default';
  const vas =
    sandbox.store.smartAccounts.forUser(user.ccoId).find((s) => s.id === account.id)?.virtualAccounts ?? [];
  if (!vas.includes(virtualAccount)) {
    throw unprocessable(
      'VIRTUAL_ACCOUNT_UNKNOWN',
      `virtualAccount: Smart Account ${account.name} has no Virtual Account named ${virtualAccount}`,
      {
        field: 'virtualAccount',
      },
    );
  }
  const sendTo = parseSendTo(input.sendTo ?? user.email, 'sendTo');
  const store = sandbox.store;
  return store.write(() => {
    hook?.begin();
    const found = loadUsablePaks(sandbox, input.pak, 'pak');
    if (found.length !== 1)
      throw invalid('ONE_PAK', 'pak: one AnyConnect Product Activation Key (PAK) per request', {
        field: 'pak',
      });
    const { pak, lines } = found[0] as (typeof found)[number];
    const tier = findSku(lines[0]?.sku ?? '')?.tier;
    if (tier !== TIER_OF_TYPE[input.licenseType]) {
      throw unprocessable(
        'LICENSE_TYPE_MISMATCH',
        `licenseType: PAK ${pak.pak} is not an AnyConnect ${input.licenseType} license`,
        {
          field: 'licenseType',
          sku: lines[0]?.sku,
        },
      );
    }
    provisionOnSharingRequest(lines, store.smartAccounts.hasPendingRequest(pak.pak));
    const now = sandbox.nowMs();
    const transactionId = recordTransaction(sandbox, user, {
      type: 'smart-account-sharing',
      processing: true,
      sendTo,
      smartAccount: account.name,
      virtualAccount,
    });
    store.smartAccounts.insertRequest({
      transactionId,
      requester: user.ccoId,
      smartAccount: account.name,
      virtualAccount,
      pak: pak.pak,
      licenseType: input.licenseType,
    });
    captureMail(deps, sandbox, {
      template: 'smart-license-sharing-request',
      from: user.email,
      to: [GLOBAL_LICENSING_ADDRESS],
      transactionId,
      data: {
        ccoId: user.ccoId,
        smartAccount: input.smartAccount.trim(),
        virtualAccount,
        pak: pak.pak,
        licenseType: input.licenseType,
      },
    });
    const dueMs = now + sandbox.settings().smartAccountRequestDelayMs;
    schedule(sandbox, dueMs, 'complete-smart-account-request', { transactionId });
    const result = {
      transactionId,
      status: 'processing' as const,
      processedBy: iso(dueMs),
      smartAccount: account.name,
      virtualAccount,
    };
    hook?.commit(result);
    return result;
  });
}

export function completeSmartAccountRequest(
  _deps: ServiceDeps,
  sandbox: Sandbox,
  payload: { transactionId: string },
  dueMs: number,
): void {
  const store = sandbox.store;
  const request = store.smartAccounts.request(payload.transactionId);
  if (!request) return;
  // What is left to provision now: a registration with a Smart Account may have taken it meanwhile.
  const lines = store.paks.lines(request.pak);
  const rest = lines.map((l) => l.entitlement - l.provisioned);
  if (rest.every((r) => r <= 0)) {
    store.transactions.fail(request.transactionId, dueMs);
    return;
  }
  lines.forEach((line, i) => provision(sandbox, request, line.id, rest[i] as number));
  store.transactions.complete(request.transactionId, dueMs);
}

/** What a Virtual Account holds. */
export function smartAccountLicenses(sandbox: Sandbox, user: UserRow | null, smartAccount: string) {
  const account = sandbox.store.smartAccounts.find(smartAccount);
  if (
    !account ||
    (user !== null && !sandbox.store.smartAccounts.forUser(user.ccoId).some((s) => s.id === account.id))
  ) {
    throw notFound('SMART_ACCOUNT_UNKNOWN', `No Smart Account named or with domain ${smartAccount}`, {
      field: 'smartAccount',
    });
  }
  return {
    smartAccount: account.name,
    domain: account.domain,
    entitlements: sandbox.store.smartAccounts.entitlements(account.name).map(({ id: _id, ...e }) => e),
  };
}
