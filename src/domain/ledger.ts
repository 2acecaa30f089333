/**
 * The entitlement ledger: every unit a customer bought moves only through these pure operations.
 * A unit is what a PAK line counts (see `lineUnit`); a Smart Account entitlement is what a PAK
 * carries (`entitlement`) and is provisioned at most once in total. The invariants below hold for
 * every line after every operation; `checkLine` states them and the services assert them before
 * a write commits (the database CHECKs are the last line of defence).
 *
 * The rules, from the FAQ, are tabled in docs (rules and choices); each operation's comment says
 * which FAQ sentence it follows.
 */
import { findSku } from './catalog.js';
import { checkVpnOnlyDeviceCount } from './device-rules.js';
import { conflict, invalid, unprocessable } from './errors.js';

/**
 * How a PAK line counts:
 * - `users`: banding L-AC-PLS-LIC= / L-AC-APX-LIC=, the authorized users bought; a registration
 *   assigns some or all of them, and every ASA of that registration holds the assigned users.
 * - `multi-use`: Plus Perpetual and block-term parts, "expand 99999 times ... to register your
 *   AnyConnect Plus or Apex license to all of your ASA serial numbers": exactly 1 per ASA.
 * - `per-asa`: VPN Only ("applied per individual ASA") and the retired parts: 1 per ASA.
 */
export type LineUnit = 'users' | 'multi-use' | 'per-asa';

export function lineUnit(sku: string): LineUnit {
  const kind = findSku(sku)?.kind;
  if (kind === 'banding') return 'users';
  if (kind === 'perpetual' || kind === 'block-term') return 'multi-use';
  return 'per-asa';
}

export interface LineState {
  id: number;
  pak: string;
  sku: string;
  /** Units purchased on the line. */
  quantity: number;
  /** Units taken by registrations and not given back. */
  assigned: number;
  multiUse: boolean;
}

/** Smart Account side of a line: what the PAK carries and how much of it is already provisioned. */
export interface EntitlementState {
  pak: string;
  sku: string;
  entitlement: number;
  provisioned: number;
}

/** A broken invariant is a bug in the simulator, never a user's mistake: it must not be caught as a 4xx. */
export class LedgerInvariantError extends Error {
  constructor(message: string) {
    super(`ledger invariant broken: ${message}`);
    this.name = 'LedgerInvariantError';
  }
}

/** 0 ≤ assigned ≤ purchased, and 0 ≤ provisioned ≤ entitlement. */
export function checkLine(line: LineState & Partial<EntitlementState>): void {
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (!whole(line.assigned) || !whole(line.quantity) || line.assigned > line.quantity) {
    throw new LedgerInvariantError(
      `PAK ${line.pak} ${line.sku}: assigned ${line.assigned} of ${line.quantity} purchased`,
    );
  }
  if (line.entitlement !== undefined && line.provisioned !== undefined) {
    if (!whole(line.provisioned) || line.provisioned > line.entitlement) {
      throw new LedgerInvariantError(
        `PAK ${line.pak} ${line.sku}: ${line.provisioned} provisioned to Smart Accounts of ${line.entitlement} carried`,
      );
    }
  }
}

// ---------------------------------------------------------------- registration (take units)

export interface LineRequest {
  pak?: string;
  sku: string;
  quantity?: number;
  /** The license tool's "register all quantity" choice. */
  registerAll?: boolean;
}

export interface Allocation {
  line: LineState;
  /** Units taken off the PAK line. */
  quantity: number;
  /** What each ASA of the registration holds: the users assigned, or 1. */
  perDevice: number;
}

export interface AllocationPlan {
  allocations: Allocation[];
  /** PAKs whose whole multi-use quantity this registration takes: they get deactivated. */
  deactivatePaks: string[];
}

export const REGISTER_ALL_QUANTITY_WARNING =
  'IT IS IMPORTANT THAT YOU DO NOT SELECT TO REGISTER ALL QUANTITY ON THE LICENSE TOOL OR YOU WILL DEACTIVATE YOUR PRODUCT ACTIVATION KEY.';

export const available = (l: LineState) => l.quantity - l.assigned;

/** The Quantity to Assign the portal proposes: a banding line whole, any other line 1 per ASA. */
export function defaultQuantity(line: LineState, deviceCount: number): number {
  return lineUnit(line.sku) === 'users' ? available(line) : deviceCount;
}

/**
 * Step 1 of "Get New Licenses from a Single PAK/Token": which lines give how many units. A refusal
 * names the field (`lines[i].quantity`) and changes nothing.
 */
export function planAllocation(
  lines: readonly LineState[],
  requests: readonly LineRequest[] | undefined,
  deviceCount: number,
  popupBlocker: boolean,
): AllocationPlan {
  const chosen = chooseLines(lines, requests);
  const allocations: Allocation[] = [];
  const deactivatePaks = new Set<string>();
  for (const { line, request, field } of chosen) {
    const allocation = allocate(line, request, `${field}.quantity`, deviceCount, popupBlocker);
    if (allocation.deactivate) deactivatePaks.add(line.pak);
    allocations.push({ line, quantity: allocation.quantity, perDevice: allocation.perDevice });
  }
  return { allocations, deactivatePaks: [...deactivatePaks] };
}

function chooseLines(lines: readonly LineState[], requests: readonly LineRequest[] | undefined) {
  const chosen: Array<{ line: LineState; request: LineRequest; field: string }> = [];
  if (requests === undefined || requests.length === 0) {
    for (const line of lines)
      if (available(line) > 0) chosen.push({ line, request: { sku: line.sku }, field: 'lines' });
    if (chosen.length === 0) {
      throw conflict(
        'NOTHING_TO_ASSIGN',
        `All quantity on PAK/s ${[...new Set(lines.map((l) => l.pak))].join(',')} has already been assigned`,
        { field: 'lines' },
      );
    }
    return chosen;
  }
  const seen = new Set<number>();
  requests.forEach((request, i) => {
    const field = `lines[${i}]`;
    const matches = lines.filter(
      (l) => l.sku === request.sku && (request.pak === undefined || l.pak === request.pak.toUpperCase()),
    );
    if (matches.length === 0) {
      throw invalid(
        'SKU_NOT_ON_PAK',
        `${field}: ${request.sku} is not a SKU on ${request.pak ?? 'the PAKs entered'}`,
        {
          field,
        },
      );
    }
    if (matches.length > 1) {
      throw invalid(
        'PAK_REQUIRED_FOR_SKU',
        `${field}: ${request.sku} is on more than one PAK; name the PAK`,
        {
          field: `${field}.pak`,
        },
      );
    }
    const line = matches[0] as LineState;
    if (seen.has(line.id))
      throw invalid('LINE_REPEATED', `${field}: ${line.sku} on PAK ${line.pak} is listed twice`, { field });
    seen.add(line.id);
    chosen.push({ line, request, field });
  });
  return chosen;
}

function allocate(
  line: LineState,
  request: LineRequest,
  field: string,
  deviceCount: number,
  popupBlocker: boolean,
): { quantity: number; perDevice: number; deactivate: boolean } {
  const free = available(line);
  const unit = lineUnit(line.sku);
  const quantity = request.registerAll ? free : (request.quantity ?? defaultQuantity(line, deviceCount));
  const details = {
    field,
    pak: line.pak,
    sku: line.sku,
    quantityAvailable: free,
    quantityToAssign: quantity,
  };
  if (free === 0) {
    throw conflict(
      'QUANTITY_NOT_AVAILABLE',
      `All quantity of ${line.sku} on PAK ${line.pak} has already been assigned`,
      details,
    );
  }
  // "The VPN-only are applied per individual ASA": said before any quantity, which follows from it.
  if (findSku(line.sku)?.tier === 'vpn-only')
    checkVpnOnlyDeviceCount([{ sku: line.sku, tier: 'vpn-only' }], deviceCount);
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw invalid(
      'INVALID_QUANTITY',
      `${field}: Quantity to Assign must be a whole number of at least 1`,
      details,
    );
  }
  if (quantity > free) {
    throw conflict(
      'QUANTITY_NOT_AVAILABLE',
      `Quantity to Assign ${quantity} for ${line.sku} on PAK ${line.pak} exceeds the Quantity Available ${free}`,
      details,
    );
  }
  if (unit === 'users') return { quantity, perDevice: quantity, deactivate: false };
  // "Register all quantity" is the explicit choice or typing what is left; on a multi-use line it
  // deactivates the PAK (allowed only where a pop-up blocker defeats the check, as the FAQ says).
  const all = request.registerAll === true || quantity === free;
  if (unit === 'multi-use' && all) {
    if (!popupBlocker) throw unprocessable('REGISTER_ALL_QUANTITY', REGISTER_ALL_QUANTITY_WARNING, details);
    if (free < deviceCount) {
      throw conflict(
        'QUANTITY_NOT_AVAILABLE',
        `Quantity to Assign ${deviceCount} for ${line.sku} on PAK ${line.pak} exceeds the Quantity Available ${free}`,
        details,
      );
    }
    return { quantity, perDevice: 1, deactivate: true };
  }
  if (quantity !== deviceCount) {
    const what = unit === 'multi-use' ? 'is multi-use' : 'licenses one ASA per unit';
    throw invalid(
      'QUANTITY_ONE_PER_DEVICE',
      `${field}: ${line.sku} on PAK ${line.pak} ${what} and assigns exactly 1 per ASA: ${deviceCount} device${deviceCount === 1 ? '' : 's'} take${deviceCount === 1 ? 's' : ''} a Quantity to Assign of ${deviceCount}, not ${quantity}`,
      { ...details, quantityPerDevice: 1, devices: deviceCount },
    );
  }
  return { quantity, perDevice: 1, deactivate: false };
}

/** The PAK lines an ASA already holds (its own registrations and shared copies alike). */
export interface Holding {
  serial: string;
  pakLineId: number;
  pak: string;
  sku: string;
}

/**
 * The same PAK to the same serial twice is refused: "register each PAK to each ASA" is once per
 * pair, and a second registration would take quantity for a key the ASA already has.
 */
export function refuseRegisteredTwice(
  holdings: readonly Holding[],
  allocations: readonly Allocation[],
  serials: readonly string[],
): void {
  for (const { line } of allocations) {
    const held = holdings.find((h) => h.pakLineId === line.id);
    if (!held) continue;
    const row = serials.indexOf(held.serial);
    throw conflict(
      'ALREADY_REGISTERED',
      `devices[${row}]: PAK ${line.pak} (${line.sku}) is already registered to serial number ${held.serial}`,
      { field: `devices[${row}]`, serial: held.serial, pak: line.pak, sku: line.sku },
    );
  }
}

// ---------------------------------------------------------------- RMA (give units back)

/** What one registration took off a line, and how much of it RMAs have already given back. */
export interface RegistrationTake {
  quantity: number;
  returned: number;
}

/**
 * "All ASA license keys get stripped during RMA ... you just reregister your PAK to your new ASA
 * SN": an RMA gives back exactly what the returned ASA's registration took for it. A 1-per-ASA line
 * gives back 1 for each of the registration's ASAs returned; a banding registration gives back its
 * users when the last ASA it was registered to goes (the others still hold them until then). Shared
 * copies took nothing and give nothing back.
 */
export function unitsToReturn(
  sku: string,
  take: RegistrationTake,
  stripped: number,
  holdersLeft: number,
): number {
  const left = take.quantity - take.returned;
  const units = lineUnit(sku) === 'users' ? (holdersLeft === 0 ? left : 0) : Math.min(stripped, left);
  if (units < 0 || units > left) throw new LedgerInvariantError(`RMA would give back ${units} of ${left}`);
  return units;
}

// ---------------------------------------------------------------- Smart Account provisioning

/**
 * What a PAK line carries into Smart Accounts: the authorized users of a Plus/Apex line (the whole
 * 99999 expansion for a multi-use part bought without a user count), the ASAs of a VPN Only line.
 */
export function carriedEntitlement(line: { quantity: number; authorizedUsers: number | null }): number {
  return line.authorizedUsers ?? line.quantity;
}

/**
 * Step 1 of the wizard with a Smart Account: the units a registration assigns go to the Smart
 * Account (a multi-use line's units count ASAs, not users, so it provisions the rest of what the PAK
 * carries). Never more than is left: registering again, or after a sharing request, adds nothing.
 */
export function provisionOnRegistration(line: EntitlementState, allocation: Allocation): number {
  const rest = line.entitlement - line.provisioned;
  const wanted = lineUnit(line.sku) === 'multi-use' ? rest : allocation.quantity;
  return Math.max(0, Math.min(wanted, rest));
}

/**
 * The AnyConnect Smart License Sharing Request provisions what the PAK still carries; a PAK already
 * wholly in Smart Accounts (or with a request already waiting) is refused.
 */
export function provisionOnSharingRequest(
  lines: readonly EntitlementState[],
  pendingRequest: boolean,
): number[] {
  const pak = lines[0]?.pak ?? '';
  if (pendingRequest) {
    throw conflict(
      'SHARING_REQUEST_PENDING',
      `pak: an AnyConnect Smart License Sharing Request for PAK ${pak} is already being processed`,
      { field: 'pak', pak },
    );
  }
  const rest = lines.map((l) => l.entitlement - l.provisioned);
  if (rest.every((r) => r <= 0)) {
    const carried = lines.reduce((s, l) => s + l.entitlement, 0);
    throw conflict(
      'PAK_ALREADY_PROVISIONED',
      `pak: PAK ${pak} is already provisioned to a Smart Account: all ${carried} of its entitlement is there`,
      { field: 'pak', pak, entitlement: carried },
    );
  }
  return rest.map((r) => Math.max(0, r));
}

// ---------------------------------------------------------------- demo evaluations

export const DEMO_LICENSE_PRODUCT = 'AnyConnect Plus/Apex (ASA) Demo License';
export const EVALUATION_DAYS = 28;
/** One 4-week evaluation per ASA serial; a sandbox setting can allow more for tests that need it. */
export const DEFAULT_EVALUATIONS_PER_SERIAL = 1;

/**
 * "Cisco offers 4-week Apex evaluation licenses": a serial gets its evaluation once (the setting
 * says how many), never two at a time, so evaluations cannot chain into a free term license.
 */
export function checkEvaluation(
  serial: string,
  previous: ReadonlyArray<{ startDate: string; endDate: string }>,
  today: string,
  perSerial: number,
): void {
  const product = DEMO_LICENSE_PRODUCT;
  const running = previous.find((e) => e.endDate > today);
  if (running) {
    throw conflict(
      'DEMO_LICENSE_ACTIVE',
      `Serial number ${serial} already has a ${product} until ${running.endDate}`,
      {
        field: 'serial',
      },
    );
  }
  if (previous.length >= perSerial) {
    const last = previous[previous.length - 1] as { startDate: string; endDate: string };
    throw conflict(
      'DEMO_LICENSE_USED',
      `Serial number ${serial} already had its 4-week ${product} (${last.startDate} to ${last.endDate}); an evaluation is not renewable: buy a license`,
      { field: 'serial', evaluations: previous.length, allowed: perSerial },
    );
  }
}
