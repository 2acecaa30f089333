/**
 * Rules of the Smart Software Manager (Smart Accounts and Licensing) API subset: what a request may
 * ask, how Virtual Account holdings add up, and which entitlement lines a transfer takes.
 */
import { conflict, invalid } from './errors.js';

/** OAuth access tokens live one hour on the sandbox clock, as Cisco's do. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

export const ACCOUNT_TYPES = ['CUSTOMER', 'HOLDING'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** The account type path segment and `type` query parameter, in either case. */
export function parseAccountType(raw: string, field: string): AccountType {
  const upper = raw.trim().toUpperCase();
  if (!(ACCOUNT_TYPES as readonly string[]).includes(upper)) {
    throw invalid('INVALID_ACCOUNT_TYPE', `${field}: the account type is CUSTOMER or HOLDING, not ${raw}`, {
      field,
    });
  }
  return upper as AccountType;
}

/** Cisco clients send flags as JSON booleans or as the strings "true" / "false". */
export function parseFlag(value: boolean | string | undefined, field: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalid('INVALID_FLAG', `${field}: must be true or false, not "${value}"`, { field });
}

export const flagText = (b: boolean): 'true' | 'false' => (b ? 'true' : 'false');

export const EXPORT_CONTROLLED = ['Allowed', 'Not Allowed'] as const;
export type ExportControlled = (typeof EXPORT_CONTROLLED)[number];

/** "Allowed" (the default) or "Not Allowed"; case and inner spacing are forgiven. */
export function parseExportControlled(value: string | undefined, field: string): boolean {
  if (value === undefined) return true;
  const v = value.trim().replace(/\s+/g, ' ').toLowerCase();
  if (v === 'allowed') return true;
  if (v === 'not allowed') return false;
  throw invalid('INVALID_EXPORT_CONTROLLED', `${field}: must be "Allowed" or "Not Allowed", not "${value}"`, {
    field,
  });
}

export const exportControlledText = (allowed: boolean): ExportControlled =>
  allowed ? 'Allowed' : 'Not Allowed';

export const TOKEN_DEFAULT_DAYS = 30;
export const TOKEN_MAX_DAYS = 365;

/** expiresAfterDays: 1 to 365 (30 when absent); a number or a string of digits. */
export function parseExpiresAfterDays(value: number | string | undefined, field: string): number {
  if (value === undefined) return TOKEN_DEFAULT_DAYS;
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > TOKEN_MAX_DAYS) {
    throw invalid(
      'INVALID_EXPIRES_AFTER_DAYS',
      `${field}: a token expires after 1 to ${TOKEN_MAX_DAYS} days, not ${String(value)}`,
      { field },
    );
  }
  return n;
}

export const COMMERCE_ACCESS_LEVELS = ['PUBLIC', 'PRIVATE'] as const;
export type CommerceAccessLevel = (typeof COMMERCE_ACCESS_LEVELS)[number];

export function parseCommerceAccessLevel(value: string | undefined, field: string): CommerceAccessLevel {
  if (value === undefined) return 'PUBLIC';
  const upper = value.trim().toUpperCase();
  if (!(COMMERCE_ACCESS_LEVELS as readonly string[]).includes(upper)) {
    throw invalid('INVALID_COMMERCE_ACCESS_LEVEL', `${field}: must be PUBLIC or PRIVATE, not "${value}"`, {
      field,
    });
  }
  return upper as CommerceAccessLevel;
}

/** A Virtual Account name: 1 to 80 characters, no leading or trailing space. */
export function validateVirtualAccountName(name: string, field: string): string {
  if (name.trim() === '' || name !== name.trim() || name.length > 80) {
    throw invalid(
      'INVALID_VIRTUAL_ACCOUNT_NAME',
      `${field}: a Virtual Account name is 1 to 80 characters with no leading or trailing spaces`,
      { field },
    );
  }
  return name;
}

export interface VirtualAccountFlag {
  name: string;
  isDefault: boolean;
}

/** The flagged Virtual Account; with none flagged, the one named "Default", else the first. */
export function defaultVirtualAccount(vas: readonly VirtualAccountFlag[]): string | null {
  return (
    vas.find((v) => v.isDefault)?.name ??
    vas.find((v) => v.name.toLowerCase() === 'default')?.name ??
    vas[0]?.name ??
    null
  );
}

export type LicenseKind = 'PERPETUAL' | 'TERM';
export const licenseKind = (endDate: string | null): LicenseKind => (endDate === null ? 'PERPETUAL' : 'TERM');

export function parseLicenseKind(value: string | undefined, field: string): LicenseKind | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const upper = value.trim().toUpperCase();
  if (upper !== 'PERPETUAL' && upper !== 'TERM') {
    throw invalid('INVALID_LICENSE_TYPE', `${field}: must be PERPETUAL or TERM, not "${value}"`, { field });
  }
  return upper;
}

export type LineStatus = 'ACTIVE' | 'PENDING' | 'EXPIRED';

/** A term line is PENDING before its start date and EXPIRED after its end date (dates are inclusive). */
export function lineStatus(startDate: string, endDate: string | null, today: string): LineStatus {
  if (endDate !== null && endDate < today) return 'EXPIRED';
  return startDate > today ? 'PENDING' : 'ACTIVE';
}

export const complianceStatus = (quantity: number, inUse: number) =>
  inUse > quantity ? 'Out of Compliance' : 'In Compliance';

export const PRECEDENCES = ['LONGEST_TERM_FIRST', 'SHORTEST_TERM_FIRST'] as const;
export type Precedence = (typeof PRECEDENCES)[number];

export function parsePrecedence(value: string | undefined, field: string): Precedence {
  if (value === undefined || value.trim() === '') return 'LONGEST_TERM_FIRST';
  const upper = value.trim().toUpperCase();
  if (!(PRECEDENCES as readonly string[]).includes(upper)) {
    throw invalid(
      'INVALID_PRECEDENCE',
      `${field}: must be LONGEST_TERM_FIRST or SHORTEST_TERM_FIRST, not "${value}"`,
      { field },
    );
  }
  return upper as Precedence;
}

/** What one Virtual Account holds of one entitlement line. */
export interface HeldLine {
  entitlementId: number;
  license: string;
  startDate: string;
  endDate: string | null;
  quantity: number;
}

export interface TransferAsk {
  license: string;
  licenseType?: LicenseKind;
  quantity: number;
  precedence: Precedence;
}

/** Perpetual lines count as the longest term. */
const endKey = (l: HeldLine) => l.endDate ?? '9999-12-31';

/**
 * Which lines a transfer takes, in the order of its precedence. It may take no more than the
 * Virtual Account can spare: what it holds of the license (expired lines excluded) less what its
 * devices use, and no more than it holds of the asked license type.
 */
export function planTransfer(
  held: readonly HeldLine[],
  inUse: number,
  ask: TransferAsk,
  today: string,
  where: { field: string; virtualAccount: string },
): Array<{ entitlementId: number; quantity: number }> {
  const usable = held.filter(
    (l) => l.license === ask.license && lineStatus(l.startDate, l.endDate, today) !== 'EXPIRED',
  );
  const ofType = usable.filter(
    (l) => ask.licenseType === undefined || licenseKind(l.endDate) === ask.licenseType,
  );
  const total = usable.reduce((s, l) => s + l.quantity, 0);
  const available = Math.min(
    total - inUse,
    ofType.reduce((s, l) => s + l.quantity, 0),
  );
  if (ask.quantity > available) {
    const kind = ask.licenseType ? ` (${ask.licenseType})` : '';
    throw conflict(
      'QUANTITY_NOT_AVAILABLE',
      `${where.field}: cannot transfer ${ask.quantity} ${ask.license}${kind} from Virtual Account ${where.virtualAccount}; ${Math.max(0, available)} available`,
      { field: where.field, available: Math.max(0, available) },
    );
  }
  const ordered = [...ofType].sort((a, b) => {
    const byEnd = endKey(a).localeCompare(endKey(b));
    return (ask.precedence === 'LONGEST_TERM_FIRST' ? -byEnd : byEnd) || a.entitlementId - b.entitlementId;
  });
  const moves: Array<{ entitlementId: number; quantity: number }> = [];
  let left = ask.quantity;
  for (const line of ordered) {
    if (left === 0) break;
    const take = Math.min(left, line.quantity);
    moves.push({ entitlementId: line.entitlementId, quantity: take });
    left -= take;
  }
  return moves;
}

export interface Page {
  limit: number;
  offset: number;
}

/** limit 1..max (default `fallback`), offset 0 or more: the same for every paged call. */
export function parsePage(
  limit: number | undefined,
  offset: number | undefined,
  options: { fallback: number; max: number },
): Page {
  const l = limit ?? options.fallback;
  const o = offset ?? 0;
  if (!Number.isInteger(l) || l < 1 || l > options.max) {
    throw invalid('INVALID_LIMIT', `limit: must be a whole number from 1 to ${options.max}`, {
      field: 'limit',
    });
  }
  if (!Number.isInteger(o) || o < 0) {
    throw invalid('INVALID_OFFSET', 'offset: must be a whole number, 0 or more', { field: 'offset' });
  }
  return { limit: l, offset: o };
}
