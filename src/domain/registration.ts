/**
 * Step 1 of "Get New Licenses from a Single PAK/Token": which SKU lines get how much quantity.
 * Pure: given the PAK lines as they stand, decide the allocation or refuse with the portal's words.
 */
import { conflict, invalid, unprocessable } from './errors.js';

export interface LineState {
  id: number;
  pak: string;
  sku: string;
  quantity: number;
  assigned: number;
  multiUse: boolean;
}

export interface LineRequest {
  pak?: string;
  sku: string;
  quantity?: number;
  /** The license tool's "register all quantity" choice. */
  registerAll?: boolean;
}

export interface Allocation {
  line: LineState;
  quantity: number;
}

export interface AllocationPlan {
  allocations: Allocation[];
  /** PAKs whose whole multi-use quantity this registration takes: they get deactivated. */
  deactivatePaks: string[];
}

export const REGISTER_ALL_QUANTITY_WARNING =
  'IT IS IMPORTANT THAT YOU DO NOT SELECT TO REGISTER ALL QUANTITY ON THE LICENSE TOOL OR YOU WILL DEACTIVATE YOUR PRODUCT ACTIVATION KEY.';

export const available = (l: LineState) => l.quantity - l.assigned;

/**
 * Default quantities follow the portal: a banding line (user count) is assigned whole; a multi-use
 * line (99999) gives 1 per device; a per-ASA line (VPN Only) gives its 1.
 */
export function defaultQuantity(line: LineState, deviceCount: number): number {
  return line.multiUse ? deviceCount : available(line);
}

export function planAllocation(
  lines: readonly LineState[],
  requests: readonly LineRequest[] | undefined,
  deviceCount: number,
  popupBlocker: boolean,
): AllocationPlan {
  const chosen: Array<{ line: LineState; request: LineRequest; field: string }> = [];
  if (requests === undefined || requests.length === 0) {
    for (const line of lines)
      if (available(line) > 0) chosen.push({ line, request: { sku: line.sku }, field: 'lines' });
    if (chosen.length === 0) {
      throw conflict(
        'NOTHING_TO_ASSIGN',
        `All quantity on PAK/s ${[...new Set(lines.map((l) => l.pak))].join(',')} has already been assigned`,
        {
          field: 'lines',
        },
      );
    }
  } else {
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
          { field },
        );
      }
      if (matches.length > 1) {
        throw invalid(
          'PAK_REQUIRED_FOR_SKU',
          `${field}: ${request.sku} is on more than one PAK; name the PAK`,
          { field: `${field}.pak` },
        );
      }
      const line = matches[0] as LineState;
      if (seen.has(line.id))
        throw invalid('LINE_REPEATED', `${field}: ${line.sku} on PAK ${line.pak} is listed twice`, { field });
      seen.add(line.id);
      chosen.push({ line, request, field });
    });
  }

  const allocations: Allocation[] = [];
  const deactivatePaks = new Set<string>();
  for (const { line, request, field } of chosen) {
    const free = available(line);
    const quantity = request.registerAll ? free : (request.quantity ?? defaultQuantity(line, deviceCount));
    const details = {
      field: `${field}.quantity`,
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
    if (!Number.isInteger(quantity) || quantity < 1) {
      throw invalid(
        'INVALID_QUANTITY',
        `${field}.quantity: Quantity to Assign must be a whole number of at least 1`,
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
    if (line.multiUse && quantity < deviceCount) {
      throw invalid(
        'QUANTITY_BELOW_DEVICES',
        `${field}.quantity: ${line.sku} on PAK ${line.pak} assigns 1 per ASA; ${deviceCount} devices need a Quantity to Assign of at least ${deviceCount}`,
        details,
      );
    }
    if (line.multiUse && quantity === free) {
      if (!popupBlocker) throw unprocessable('REGISTER_ALL_QUANTITY', REGISTER_ALL_QUANTITY_WARNING, details);
      deactivatePaks.add(line.pak);
    }
    allocations.push({ line, quantity });
  }
  return { allocations, deactivatePaks: [...deactivatePaks] };
}
