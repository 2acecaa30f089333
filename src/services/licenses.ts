import { findSku, PRODUCT_FAMILY, productFamily, type Tier } from '../domain/catalog.js';
import { isPakUsable, normalizePak, pakInvalidOrInactive, parsePakList } from '../domain/pak.js';
import { available } from '../domain/ledger.js';
import type { PakLineRow, PakRow } from '../storage/paks.js';
import type { Sandbox } from './sandbox.js';

export interface PakLineView {
  sku: string;
  description: string;
  smartAccount: string;
  quantity: number;
  quantityAvailable: number;
  quantityAssigned: number;
  multiUse: boolean;
  authorizedUsers: number | null;
  termMonths: number | null;
  startDate: string;
  endDate: string | null;
}

export interface PakView {
  pak: string;
  productFamily: string;
  salesOrder: string;
  lines: PakLineView[];
}

export function pakLineView(l: PakLineRow): PakLineView {
  return {
    sku: l.sku,
    description: findSku(l.sku)?.description ?? l.sku,
    smartAccount: 'Unassigned',
    quantity: l.quantity,
    quantityAvailable: available(l),
    quantityAssigned: l.assigned,
    multiUse: l.multiUse,
    authorizedUsers: l.authorizedUsers,
    termMonths: l.termMonths,
    startDate: l.startDate,
    endDate: l.endDate,
  };
}

/**
 * Resolves the PAKs typed into "Get New Licenses", refusing with the FAQ's message every one that is
 * unknown, not yet active on the sandbox clock, or deactivated.
 */
export function loadUsablePaks(
  sandbox: Sandbox,
  input: string | readonly string[],
  field: string,
): Array<{ pak: PakRow; lines: PakLineRow[] }> {
  const entered = parsePakList(input, field);
  const now = sandbox.nowMs();
  const found = entered.map((id) => ({ id, pak: sandbox.store.paks.get(normalizePak(id)) }));
  const bad = found.filter(
    (f) => !f.pak || !isPakUsable({ activeAtMs: f.pak.activeMs, deactivatedAtMs: f.pak.deactivatedMs }, now),
  );
  if (bad.length > 0) throw pakInvalidOrInactive(bad.map((b) => b.id));
  const unique = new Map(found.map((f) => [(f.pak as PakRow).pak, f.pak as PakRow]));
  return [...unique.values()].map((pak) => ({ pak, lines: sandbox.store.paks.lines(pak.pak) }));
}

export function lookupPaks(sandbox: Sandbox, ids: string): PakView[] {
  return loadUsablePaks(sandbox, ids, 'ids').map(({ pak, lines }) => {
    const sku = findSku(lines[0]?.sku ?? '');
    return {
      pak: pak.pak,
      productFamily: sku ? productFamily(sku) : PRODUCT_FAMILY,
      salesOrder: pak.salesOrder,
      lines: lines.map(pakLineView),
    };
  });
}

const SMART_LICENSE_NAMES: Partial<Record<Tier, string>> = {
  plus: 'AnyConnect Plus',
  apex: 'AnyConnect Apex',
  'vpn-only': 'AnyConnect VPN Only',
};

/** The license name a Smart Account shows for an AnyConnect SKU. */
export function smartLicenseName(sku: string): string {
  const tier = findSku(sku)?.tier;
  return (tier && SMART_LICENSE_NAMES[tier]) ?? sku;
}
