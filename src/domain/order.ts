/** Sales order lines → PAKs, per the FAQ's ordering rules. */
import {
  MULTI_USE_QUANTITY,
  RETIRED_PARTS_LAST_ORDER_DATE,
  SWSS_TERM_MONTHS,
  findSku,
  hasContract,
  type Sku,
} from './catalog.js';
import { addDays, addMonths, daysBetween, isoDate, parseIsoDate } from './dates.js';
import { invalid, unprocessable } from './errors.js';
import { randomUpperAlnum, type Random } from './random.js';

export const PAK_LENGTH = 11;
export const DEFAULT_ACTIVATION_DELAY_MS = 4 * 3_600_000;
export const MAX_ACTIVATION_DELAY_MS = 24 * 3_600_000;
export const BANDING_TERM_MONTHS = { min: 12, max: 60 };
export const BANDING_START_MAX_DAYS_AHEAD = 60;
export const MAX_USERS = 1_000_000;
/** A bound on one line's quantity; more would be a typing mistake, never an order. */
export const MAX_ORDER_QUANTITY = 1000;

export interface OrderLineInput {
  sku: string;
  /** A renewal continues this PAK's term: the new term starts where the old one ends. */
  renewsPak?: string;
  quantity?: number;
  users?: number;
  termMonths?: number;
  startDate?: string;
}

/**
 * What one order line becomes: one PAK carrying one SKU line, or (SWSS) a service line on the
 * order's contract. "If you order multiple quantities ... you will receive entitlement for what you
 * purchased but it will not generate additional Product Activation Keys": the order quantity
 * multiplies what the one PAK carries.
 */
export interface PakLinePlan {
  sku: Sku;
  /** Quantity on the order line. */
  orderQuantity: number;
  /** Units the PAK line offers for registration: users, 99999 per multi-use part, or ASAs. */
  quantity: number;
  /** What the PAK carries into Smart Accounts (users, or ASAs for VPN Only). */
  entitlement: number;
  /** SWSS: a support service on the contract, no PAK. */
  service: boolean;
  /** Covered by the order's service contract (term licenses and SWSS). */
  contract: boolean;
  multiUse: boolean;
  authorizedUsers: number | null;
  termMonths: number | null;
  startDate: string;
  endDate: string | null;
}

/** "The contract is set to become active one day after ship." */
export function termStartAfterShip(shipMs: number): string {
  return addDays(isoDate(shipMs), 1);
}

export const RENEWAL_SKU_MESSAGE =
  'Renewals should be handled using the L-AC-PLS-LIC= (AnyConnect Plus) and L-AC-APX-LIC= (AnyConnect Apex) SKUs regardless of which SKU the original order was placed under.';

/**
 * `renewalStart` is the end date of the term a renewal continues; the FAQ: renew with the banding
 * SKUs, and there is no new key to install on the ASA.
 */
export function planOrderLine(
  line: OrderLineInput,
  index: number,
  shipMs: number,
  renewalStart?: string,
): PakLinePlan {
  const field = (name: string) => `lines[${index}].${name}`;
  const sku = findSku(line.sku);
  if (!sku) {
    throw invalid('UNKNOWN_SKU', `${field('sku')}: ${line.sku} is not an AnyConnect part in the catalog`, {
      field: field('sku'),
      value: line.sku,
    });
  }
  const shipDate = isoDate(shipMs);
  if (sku.retired && shipDate > RETIRED_PARTS_LAST_ORDER_DATE) {
    throw unprocessable(
      'SKU_RETIRED',
      `${sku.sku} was phased out as of August 31st, 2015 and can no longer be purchased`,
      { field: field('sku'), value: sku.sku },
    );
  }
  const orderQuantity = line.quantity ?? 1;
  if (!Number.isInteger(orderQuantity) || orderQuantity < 1 || orderQuantity > MAX_ORDER_QUANTITY) {
    throw invalid(
      'INVALID_QUANTITY',
      `${field('quantity')} must be a whole number from 1 to ${MAX_ORDER_QUANTITY}`,
      { field: field('quantity') },
    );
  }
  const common = { sku, orderQuantity, contract: hasContract(sku), service: false };
  const defaultStart = termStartAfterShip(shipMs);

  if ((renewalStart !== undefined || line.renewsPak !== undefined) && sku.kind !== 'banding') {
    throw invalid('RENEWAL_SKU', RENEWAL_SKU_MESSAGE, { field: field('sku'), value: sku.sku });
  }
  if (sku.kind === 'banding') {
    const users = line.users;
    if (users === undefined || !Number.isInteger(users) || users < 1 || users > MAX_USERS) {
      throw invalid(
        'USERS_REQUIRED',
        `${field('users')}: ${sku.sku} needs an authorized user count from 1 to ${MAX_USERS}`,
        {
          field: field('users'),
        },
      );
    }
    const term = line.termMonths ?? 12;
    if (!Number.isInteger(term) || term < BANDING_TERM_MONTHS.min || term > BANDING_TERM_MONTHS.max) {
      throw invalid('INVALID_TERM', `${field('termMonths')}: the term of ${sku.sku} is 12 to 60 months`, {
        field: field('termMonths'),
      });
    }
    let start = renewalStart ?? defaultStart;
    if (line.startDate !== undefined && renewalStart !== undefined) {
      throw invalid(
        'FIELD_NOT_APPLICABLE',
        `${field('startDate')}: a renewal starts where the renewed term ends (${renewalStart})`,
        {
          field: field('startDate'),
        },
      );
    }
    if (line.startDate !== undefined) {
      if (parseIsoDate(line.startDate) === null) {
        throw invalid('INVALID_DATE', `${field('startDate')} must be a date as YYYY-MM-DD`, {
          field: field('startDate'),
        });
      }
      const ahead = daysBetween(shipDate, line.startDate);
      if (line.startDate < defaultStart || ahead > BANDING_START_MAX_DAYS_AHEAD) {
        throw invalid(
          'INVALID_START_DATE',
          `${field('startDate')}: the term starts between one day after ship (${defaultStart}) and 60 days ahead`,
          { field: field('startDate') },
        );
      }
      start = line.startDate;
    }
    const total = users * orderQuantity;
    if (total > MAX_USERS) {
      throw invalid(
        'USERS_REQUIRED',
        `${field('quantity')}: ${users} users times quantity ${orderQuantity} is more than ${MAX_USERS} authorized users`,
        { field: field('quantity') },
      );
    }
    return {
      ...common,
      quantity: total,
      entitlement: total,
      multiUse: false,
      authorizedUsers: total,
      termMonths: term,
      startDate: start,
      endDate: addMonths(start, term),
    };
  }

  if (sku.kind === 'swss') return planSwss(line, field, common, defaultStart);
  rejectBandingOnlyFields(line, sku, field);
  const users = line.users ?? null;
  if (users !== null && sku.tier !== 'plus' && sku.tier !== 'apex') {
    throw invalid(
      'FIELD_NOT_APPLICABLE',
      `${field('users')}: ${sku.sku} is licensed per ASA by concurrent connections${sku.connections ? ` (${sku.connections})` : ''}, not by authorized users; it takes no user count`,
      { field: field('users') },
    );
  }
  if (users !== null && (!Number.isInteger(users) || users < 1 || users * orderQuantity > MAX_USERS)) {
    throw invalid('INVALID_USERS', `${field('users')} must be a whole number from 1 to ${MAX_USERS}`, {
      field: field('users'),
    });
  }
  const authorizedUsers = users === null ? null : users * orderQuantity;
  if (sku.kind === 'block-term' || sku.kind === 'perpetual') {
    const term = sku.termMonths ?? null;
    const quantity = MULTI_USE_QUANTITY * orderQuantity;
    return {
      ...common,
      quantity,
      entitlement: authorizedUsers ?? quantity,
      multiUse: true,
      authorizedUsers,
      termMonths: term,
      startDate: defaultStart,
      endDate: term === null ? null : addMonths(defaultStart, term),
    };
  }
  // VPN Only and retired parts: one unit per ASA.
  return {
    ...common,
    quantity: orderQuantity,
    entitlement: orderQuantity,
    multiUse: false,
    authorizedUsers: null,
    termMonths: null,
    startDate: defaultStart,
    endDate: null,
  };
}

function planSwss(
  line: OrderLineInput,
  field: (n: string) => string,
  common: Pick<PakLinePlan, 'sku' | 'orderQuantity' | 'contract'>,
  start: string,
): PakLinePlan {
  for (const name of ['users', 'startDate'] as const) {
    if (line[name] !== undefined) {
      throw invalid(
        'FIELD_NOT_APPLICABLE',
        `${field(name)}: ${common.sku.sku} is a software support service for ${common.sku.supports}; it takes a quantity of head-ends and a term, not ${name}`,
        { field: field(name) },
      );
    }
  }
  const term = line.termMonths ?? SWSS_TERM_MONTHS.fallback;
  if (!Number.isInteger(term) || term < SWSS_TERM_MONTHS.min || term > SWSS_TERM_MONTHS.max) {
    throw invalid(
      'INVALID_TERM',
      `${field('termMonths')}: the term of ${common.sku.sku} is ${SWSS_TERM_MONTHS.min} to ${SWSS_TERM_MONTHS.max} months`,
      { field: field('termMonths') },
    );
  }
  return {
    ...common,
    service: true,
    quantity: common.orderQuantity,
    entitlement: 0,
    multiUse: false,
    authorizedUsers: null,
    termMonths: term,
    startDate: start,
    endDate: addMonths(start, term),
  };
}

function rejectBandingOnlyFields(line: OrderLineInput, sku: Sku, field: (n: string) => string) {
  for (const name of ['termMonths', 'startDate'] as const) {
    if (line[name] !== undefined) {
      throw invalid(
        'FIELD_NOT_APPLICABLE',
        `${field(name)} applies only to the banding parts L-AC-PLS-LIC= and L-AC-APX-LIC=, not ${sku.sku}`,
        {
          field: field(name),
        },
      );
    }
  }
}

export interface ContractPlan {
  startDate: string;
  endDate: string;
}

/**
 * "When you purchase any term Plus or Apex license (or SWSS for Plus perpetual or VPN Only), a
 * contract number will be generated for your purchase": one contract per sales order with such a
 * line, none otherwise. "The contract is set to become active one day after ship"; it ends with the
 * last term it covers.
 */
export function planContract(plans: readonly PakLinePlan[], shipMs: number): ContractPlan | null {
  const covered = plans.filter((p) => p.contract && p.endDate !== null);
  if (covered.length === 0) return null;
  const endDate = covered.map((p) => p.endDate as string).reduce((a, b) => (b > a ? b : a));
  return { startDate: termStartAfterShip(shipMs), endDate };
}

export function newPak(random: Random): string {
  return randomUpperAlnum(random, PAK_LENGTH);
}

export function validateActivationDelay(ms: number, field = 'activationDelay'): number {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_ACTIVATION_DELAY_MS) {
    throw invalid(
      'INVALID_ACTIVATION_DELAY',
      `${field} must be between 0 and 24h: a PAK becomes active within 24 hours of eDelivery`,
      {
        field,
      },
    );
  }
  return ms;
}
