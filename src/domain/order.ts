/** Sales order lines → PAKs, per the FAQ's ordering rules. */
import {
  MULTI_USE_QUANTITY,
  RETIRED_PARTS_LAST_ORDER_DATE,
  findSku,
  isMultiUse,
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

export interface OrderLineInput {
  sku: string;
  /** A renewal continues this PAK's term: the new term starts where the old one ends. */
  renewsPak?: string;
  quantity?: number;
  users?: number;
  termMonths?: number;
  startDate?: string;
}

/** What one order line becomes: one PAK carrying one SKU line. */
export interface PakLinePlan {
  sku: Sku;
  /** Entitlement bought on the order line; never more PAKs than one. */
  orderQuantity: number;
  /** Quantity the PAK line offers for registration. */
  quantity: number;
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
  if (!Number.isInteger(orderQuantity) || orderQuantity < 1) {
    throw invalid('INVALID_QUANTITY', `${field('quantity')} must be a whole number of at least 1`, {
      field: field('quantity'),
    });
  }
  const defaultStart = termStartAfterShip(shipMs);

  if (renewalStart !== undefined && sku.kind !== 'banding') {
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
    return {
      sku,
      orderQuantity,
      quantity: users,
      multiUse: false,
      authorizedUsers: users,
      termMonths: term,
      startDate: start,
      endDate: addMonths(start, term),
    };
  }

  rejectBandingOnlyFields(line, sku, field);
  const users = line.users ?? null;
  if (users !== null && (!Number.isInteger(users) || users < 1 || users > MAX_USERS)) {
    throw invalid('INVALID_USERS', `${field('users')} must be a whole number from 1 to ${MAX_USERS}`, {
      field: field('users'),
    });
  }
  if (sku.kind === 'block-term') {
    const term = sku.termMonths as number;
    return {
      sku,
      orderQuantity,
      quantity: MULTI_USE_QUANTITY,
      multiUse: true,
      authorizedUsers: users,
      termMonths: term,
      startDate: defaultStart,
      endDate: addMonths(defaultStart, term),
    };
  }
  return {
    sku,
    orderQuantity,
    quantity: isMultiUse(sku) ? MULTI_USE_QUANTITY : 1,
    multiUse: isMultiUse(sku),
    authorizedUsers: users,
    termMonths: null,
    startDate: defaultStart,
    endDate: null,
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
