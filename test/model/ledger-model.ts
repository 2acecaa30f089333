/**
 * The pure reference model of the entitlement ledger for the model-based test: what the portal
 * must answer and hold after each request, written from the FAQ rules (docs: rules and choices), not
 * from the implementation. Only date arithmetic is shared with the code under test.
 *
 * Scope: one acting user (jdoe) of the Smart Account "Example Corp" (Default, Lab), parts of every
 * kind, registrations with good and bad quantities, RMAs, Smart Account sharing requests, demo
 * licenses, Virtual Account transfers, clock moves. Nothing here is random: the commands choose.
 */
import { addDays, addMonths, isoDate } from '../../src/domain/dates.js';

export const VIRTUAL_ACCOUNTS = ['Default', 'Lab'] as const;
export type Va = (typeof VIRTUAL_ACCOUNTS)[number];

export type Unit = 'users' | 'multi-use' | 'per-asa' | 'service';
export type Model = 'term' | 'vpn-only';

export interface Part {
  sku: string;
  unit: Unit;
  license: string;
  model: Model;
  termMonths: number | null;
  retired?: boolean;
}

/** The parts the commands order; the retired one is refused (the sandbox clock is past 2015). */
export const PARTS: readonly Part[] = [
  { sku: 'L-AC-PLS-LIC=', unit: 'users', license: 'AnyConnect Plus', model: 'term', termMonths: 12 },
  { sku: 'L-AC-APX-LIC=', unit: 'users', license: 'AnyConnect Apex', model: 'term', termMonths: 12 },
  { sku: 'L-AC-PLS-P-G', unit: 'multi-use', license: 'AnyConnect Plus', model: 'term', termMonths: null },
  { sku: 'L-AC-APX-3YR-G', unit: 'multi-use', license: 'AnyConnect Apex', model: 'term', termMonths: 36 },
  {
    sku: 'L-AC-VPNO-100=',
    unit: 'per-asa',
    license: 'AnyConnect VPN Only',
    model: 'vpn-only',
    termMonths: null,
  },
  { sku: 'CON-ECMU-LACPLSPG', unit: 'service', license: '', model: 'term', termMonths: 12 },
  { sku: 'L-ASA-AC-E-5510=', unit: 'per-asa', license: '', model: 'term', termMonths: null, retired: true },
];

export const MULTI_USE = 99999;

export interface MPak {
  pak: string;
  salesOrder: string;
  part: Part;
  quantity: number;
  assigned: number;
  entitlement: number;
  provisioned: number;
  deactivated: boolean;
  startDate: string;
  endDate: string | null;
}

interface MRegistration {
  pak: string;
  quantity: number;
  returned: number;
  /** Serials of this registration still holding its license. */
  holders: Set<string>;
}

export interface MHolding {
  serial: string;
  pak: string;
  quantity: number;
  registration: number;
}

export interface MEntitlement {
  id: number;
  va: Va;
  license: string;
  startDate: string;
  endDate: string | null;
  quantity: number;
  pak: string;
}

interface PendingRequest {
  pak: string;
  va: Va;
  dueMs: number;
  tx: number;
}

export type Outcome = { status: number; code?: string };

export const ok = (status: number): Outcome => ({ status });
const refused = (status: number, code: string): Outcome => ({ status, code });

export class LedgerModel {
  paks = new Map<string, MPak>();
  registrations: MRegistration[] = [];
  holdings: MHolding[] = [];
  /** Entitlement lines per Virtual Account (transfers split them). */
  entitlements: MEntitlement[] = [];
  nextEntitlementId = 1;
  evaluations = new Map<string, number>();
  pending: PendingRequest[] = [];
  mail = 0;
  transactions: Array<{ status: 'processing' | 'completed' | 'failed' }> = [];
  contracts = 0;

  constructor(public nowMs: number) {}

  today(): string {
    return isoDate(this.nowMs);
  }

  order(part: Part, pak: string, salesOrder: string, quantity: number, users: number | null): Outcome {
    if (part.retired) return refused(422, 'SKU_RETIRED');
    if (part.unit === 'users' && users === null) return refused(400, 'USERS_REQUIRED');
    if (users !== null && (part.unit === 'per-asa' || part.unit === 'service'))
      return refused(400, 'FIELD_NOT_APPLICABLE');
    const start = addDays(this.today(), 1);
    const end = part.termMonths === null ? null : addMonths(start, part.termMonths);
    this.mail += 1; // eDelivery
    // Term licenses and SWSS come with a contract; Plus Perpetual and VPN Only alone do not.
    if (
      part.unit === 'users' ||
      part.unit === 'service' ||
      (part.unit === 'multi-use' && part.termMonths !== null)
    )
      this.contracts += 1;
    if (part.unit === 'service') return ok(201);
    const bought =
      part.unit === 'users'
        ? (users as number) * quantity
        : part.unit === 'multi-use'
          ? MULTI_USE * quantity
          : quantity;
    const entitlement = part.unit === 'multi-use' && users !== null ? users * quantity : bought;
    this.paks.set(pak, {
      pak,
      salesOrder,
      part,
      quantity: bought,
      assigned: 0,
      entitlement,
      provisioned: 0,
      deactivated: false,
      startDate: start,
      endDate: end,
    });
    return ok(201);
  }

  private active(serial: string) {
    return this.holdings.filter((h) => h.serial === serial);
  }

  /** Quantity modes the commands send: the portal's default, the device count, or a wrong count. */
  register(
    pak: string,
    serials: readonly string[],
    mode: 'default' | 'devices' | 'wrong' | 'all',
    va: Va | null,
  ): Outcome {
    const p = this.paks.get(pak);
    if (!p || p.deactivated) return refused(404, 'PAK_INVALID_OR_INACTIVE');
    const free = p.quantity - p.assigned;
    const n = serials.length;
    if (mode === 'default' && free === 0) return refused(409, 'NOTHING_TO_ASSIGN');
    if (free === 0) return refused(409, 'QUANTITY_NOT_AVAILABLE');
    if (p.part.model === 'vpn-only' && n > 1) return refused(422, 'VPN_ONLY_SINGLE_DEVICE');
    let quantity: number;
    if (mode === 'all') quantity = free;
    else if (mode === 'wrong') quantity = n + 1;
    else quantity = p.part.unit === 'users' && mode === 'default' ? free : n;
    if (quantity > free) return refused(409, 'QUANTITY_NOT_AVAILABLE');
    let perDevice = 1;
    if (p.part.unit === 'users') perDevice = quantity;
    else if (p.part.unit === 'multi-use' && quantity === free) return refused(422, 'REGISTER_ALL_QUANTITY');
    else if (quantity !== n) return refused(400, 'QUANTITY_ONE_PER_DEVICE');
    if (this.holdings.some((h) => h.pak === pak && serials.includes(h.serial)))
      return refused(409, 'ALREADY_REGISTERED');
    for (const s of serials) {
      const models = this.active(s).map((h) => (this.paks.get(h.pak) as MPak).part.model);
      if (models.some((m) => m !== p.part.model)) return refused(422, 'VPN_ONLY_COEXISTENCE');
      if (p.part.model === 'vpn-only' && models.includes('vpn-only'))
        return refused(422, 'VPN_ONLY_NOT_ADDITIVE');
    }
    p.assigned += quantity;
    const index = this.registrations.push({ pak, quantity, returned: 0, holders: new Set(serials) }) - 1;
    for (const s of serials) this.holdings.push({ serial: s, pak, quantity: perDevice, registration: index });
    if (va !== null) {
      const rest = p.entitlement - p.provisioned;
      const wanted = p.part.unit === 'multi-use' ? rest : quantity;
      this.provision(p, va, Math.min(wanted, rest));
    }
    this.mail += n;
    this.transactions.push({ status: 'completed' });
    return ok(201);
  }

  private provision(p: MPak, va: Va, amount: number) {
    if (amount <= 0) return;
    p.provisioned += amount;
    this.entitlements.push({
      id: this.nextEntitlementId++,
      va,
      license: p.part.license,
      startDate: p.startDate,
      endDate: p.endDate,
      quantity: amount,
      pak: p.pak,
    });
  }

  rma(serial: string): Outcome {
    const held = this.active(serial);
    if (held.length === 0) return refused(404, 'DEVICE_NOT_FOUND');
    this.holdings = this.holdings.filter((h) => h.serial !== serial);
    for (const h of held) {
      const r = this.registrations[h.registration] as MRegistration;
      r.holders.delete(serial);
      const p = this.paks.get(h.pak) as MPak;
      const left = r.quantity - r.returned;
      const units = p.part.unit === 'users' ? (r.holders.size === 0 ? left : 0) : Math.min(1, left);
      r.returned += units;
      p.assigned -= units;
    }
    return ok(200);
  }

  sharingRequest(pak: string, va: Va): Outcome {
    const p = this.paks.get(pak);
    if (!p || p.deactivated) return refused(404, 'PAK_INVALID_OR_INACTIVE');
    if (this.pending.some((r) => r.pak === pak)) return refused(409, 'SHARING_REQUEST_PENDING');
    if (p.entitlement - p.provisioned <= 0) return refused(409, 'PAK_ALREADY_PROVISIONED');
    this.mail += 1;
    const tx = this.transactions.push({ status: 'processing' }) - 1;
    this.pending.push({ pak, va, dueMs: this.nowMs + 86_400_000, tx });
    return ok(202);
  }

  demo(serial: string): Outcome {
    if (this.evaluations.has(serial)) {
      const end = this.evaluations.get(serial) as number;
      return refused(409, this.nowMs < end ? 'DEMO_LICENSE_ACTIVE' : 'DEMO_LICENSE_USED');
    }
    // Ends 28 days after today (a date); still "running" while today is before that date.
    const endDay = Date.parse(`${addDays(this.today(), 28)}T00:00:00Z`);
    this.evaluations.set(serial, endDay);
    this.mail += 1;
    this.transactions.push({ status: 'completed' });
    return ok(201);
  }

  advance(ms: number): void {
    this.nowMs += ms;
    const due = this.pending.filter((r) => r.dueMs <= this.nowMs).sort((a, b) => a.dueMs - b.dueMs);
    this.pending = this.pending.filter((r) => r.dueMs > this.nowMs);
    for (const r of due) {
      const p = this.paks.get(r.pak) as MPak;
      const rest = p.entitlement - p.provisioned;
      const tx = this.transactions[r.tx] as { status: string };
      if (rest <= 0) tx.status = 'failed';
      else {
        this.provision(p, r.va, rest);
        tx.status = 'completed';
      }
    }
  }

  private usable(e: MEntitlement) {
    return e.endDate === null || e.endDate >= this.today();
  }

  /** CSSM: quantity of a license a Virtual Account holds, expired lines excluded. */
  held(va: Va, license: string): number {
    return this.entitlements
      .filter((e) => e.va === va && e.license === license && this.usable(e))
      .reduce((s, e) => s + e.quantity, 0);
  }

  /** Longest term first (perpetual counts as longest), then the oldest line: the API's default. */
  transfer(license: string, quantity: number, from: Va, to: Va): Outcome {
    if (quantity > this.held(from, license)) return refused(409, 'QUANTITY_NOT_AVAILABLE');
    const key = (e: MEntitlement) => e.endDate ?? '9999-12-31';
    const lines = this.entitlements
      .filter((e) => e.va === from && e.license === license && this.usable(e))
      .sort((a, b) => key(b).localeCompare(key(a)) || a.id - b.id);
    let left = quantity;
    for (const line of lines) {
      if (left === 0) break;
      const take = Math.min(left, line.quantity);
      line.quantity -= take;
      left -= take;
      const there = this.entitlements.find((e) => e.id === line.id && e.va === to);
      if (there) there.quantity += take;
      else this.entitlements.push({ ...line, va: to, quantity: take });
    }
    this.entitlements = this.entitlements.filter((e) => e.quantity > 0);
    return ok(200);
  }

  /** Per PAK: what its Smart Account entitlement lines add up to, wherever they were moved. */
  provisionedOf(pak: string): number {
    return this.entitlements.filter((e) => e.pak === pak).reduce((s, e) => s + e.quantity, 0);
  }

  /** The ledger invariants: asserted on the model itself and, through the observations, the app. */
  invariants(): string[] {
    const broken: string[] = [];
    for (const p of this.paks.values()) {
      if (p.assigned < 0 || p.assigned > p.quantity)
        broken.push(`${p.pak}: assigned ${p.assigned}/${p.quantity}`);
      if (p.provisioned > p.entitlement)
        broken.push(`${p.pak}: provisioned ${p.provisioned}/${p.entitlement}`);
      if (this.provisionedOf(p.pak) !== p.provisioned)
        broken.push(`${p.pak}: Smart Account lines ≠ provisioned`);
    }
    return broken;
  }
}
