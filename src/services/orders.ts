import { findSku, productFamily } from '../domain/catalog.js';
import { emailDate } from '../domain/dates.js';
import { formatDuration, parseDuration } from '../domain/duration.js';
import { conflict, invalid, notFound } from '../domain/errors.js';
import {
  newPak,
  PAK_LENGTH,
  planContract,
  planOrderLine,
  validateActivationDelay,
  type OrderLineInput,
} from '../domain/order.js';
import { randomDigits } from '../domain/random.js';
import type { ServiceDeps } from './deps.js';
import { captureMail } from './mailbox.js';
import type { Sandbox } from './sandbox.js';
import type { Address } from './users.js';

export interface OrderInput {
  ccoId: string;
  salesOrder?: string;
  /** When the order shipped (eDelivery); defaults to now on the sandbox clock. Never in the future. */
  shippedAt?: string;
  /** Delay from eDelivery until the PAKs become active, e.g. "4h"; 0 to 24h. */
  activationDelay?: string;
  lines: Array<OrderLineInput & { pak?: string }>;
  /** The end customer's address on the service contract; the ordering user's profile address by default. */
  contractAddress?: Address;
}

export interface OrderedPak {
  pak: string;
  productFamily: string;
  sku: string;
  description: string;
  orderQuantity: number;
  quantity: number;
  multiUse: boolean;
  authorizedUsers: number | null;
  termMonths: number | null;
  startDate: string;
  endDate: string | null;
  activeAt: string;
}

export interface OrderView {
  salesOrder: string;
  ccoId: string;
  shippedAt: string;
  activationDelay: string;
  paks: OrderedPak[];
  services: OrderedService[];
  eDeliveryMailId: string;
  /** Term licenses and SWSS only; generated a few days after eDelivery (availableAt). */
  contract: { number: string; availableAt: string; startDate: string; endDate: string } | null;
}

/** A SWSS line: support for Plus Perpetual or VPN Only head-ends, on the contract. */
export interface OrderedService {
  sku: string;
  description: string;
  quantity: number;
  termMonths: number;
  startDate: string;
  endDate: string;
}

const PAK_FORMAT = new RegExp(`^[A-Z0-9]{${PAK_LENGTH}}$`);
const SALES_ORDER = /^[0-9]{6,12}$/;

/** Creates a sales order: one PAK per line, and the eDelivery email that carries them. */
export function createOrder(deps: ServiceDeps, sandbox: Sandbox, input: OrderInput): OrderView {
  const store = sandbox.store;
  const user = store.users.get(input.ccoId);
  if (!user)
    throw notFound('USER_NOT_FOUND', `ccoId: no user ${input.ccoId} in sandbox ${sandbox.id}`, {
      field: 'ccoId',
    });
  if (input.lines.length === 0)
    throw invalid('ORDER_EMPTY', 'lines: an order needs at least one line', { field: 'lines' });

  const now = sandbox.nowMs();
  let shipMs = now;
  if (input.shippedAt !== undefined) {
    shipMs = Date.parse(input.shippedAt);
    if (Number.isNaN(shipMs))
      throw invalid('INVALID_DATE', 'shippedAt must be an ISO 8601 date-time', { field: 'shippedAt' });
    if (shipMs > now)
      throw invalid('SHIPPED_IN_FUTURE', 'shippedAt cannot be later than the sandbox clock', {
        field: 'shippedAt',
      });
  }
  const delayMs = validateActivationDelay(
    input.activationDelay === undefined
      ? sandbox.settings().activationDelayMs
      : parseDuration(input.activationDelay, 'activationDelay'),
  );
  const plans = input.lines.map((line, i) =>
    planOrderLine(line, i, shipMs, renewalStart(sandbox, line.renewsPak, i)),
  );

  const requested = new Set<string>();
  input.lines.forEach((line, i) => {
    if (line.pak === undefined) return;
    if (!PAK_FORMAT.test(line.pak)) {
      throw invalid('INVALID_PAK', `lines[${i}].pak: a PAK is ${PAK_LENGTH} upper-case letters and digits`, {
        field: `lines[${i}].pak`,
      });
    }
    if (requested.has(line.pak) || store.paks.exists(line.pak)) {
      throw conflict('PAK_EXISTS', `lines[${i}].pak: PAK ${line.pak} already exists`, {
        field: `lines[${i}].pak`,
      });
    }
    requested.add(line.pak);
  });
  if (input.salesOrder !== undefined) {
    if (!SALES_ORDER.test(input.salesOrder)) {
      throw invalid('INVALID_SALES_ORDER', 'salesOrder: a sales order number is 6 to 12 digits', {
        field: 'salesOrder',
      });
    }
    if (store.paks.salesOrderExists(input.salesOrder)) {
      throw conflict('SALES_ORDER_EXISTS', `salesOrder: sales order ${input.salesOrder} already exists`, {
        field: 'salesOrder',
      });
    }
  }

  return store.write(() => {
    const salesOrder = input.salesOrder ?? uniqueSalesOrder(deps, sandbox);
    const orderId = store.paks.insertOrder({
      salesOrder,
      ccoId: user.ccoId,
      shipMs,
      activationDelayMs: delayMs,
      createdMs: now,
    });
    const services: OrderedService[] = [];
    const paks: OrderedPak[] = [];
    plans.forEach((plan, i) => {
      if (plan.service) {
        // SWSS: support on the contract, no PAK ("it will not generate additional Product Activation Keys").
        const row = {
          orderId,
          lineNo: i + 1,
          sku: plan.sku.sku,
          quantity: plan.quantity,
          termMonths: plan.termMonths as number,
          startDate: plan.startDate,
          endDate: plan.endDate as string,
        };
        store.contracts.insertService(row);
        services.push({
          sku: row.sku,
          description: plan.sku.description,
          quantity: row.quantity,
          termMonths: row.termMonths,
          startDate: row.startDate,
          endDate: row.endDate,
        });
        return;
      }
      const pak = input.lines[i]?.pak ?? uniquePak(deps, sandbox, requested);
      requested.add(pak);
      store.paks.insert({ pak, orderId, lineNo: i + 1, deliveredMs: shipMs, activeMs: shipMs + delayMs });
      store.paks.insertLine({
        pak,
        sku: plan.sku.sku,
        orderQuantity: plan.orderQuantity,
        quantity: plan.quantity,
        multiUse: plan.multiUse,
        authorizedUsers: plan.authorizedUsers,
        termMonths: plan.termMonths,
        startDate: plan.startDate,
        endDate: plan.endDate,
        entitlement: plan.entitlement,
      });
      paks.push({
        pak,
        productFamily: productFamily(plan.sku),
        sku: plan.sku.sku,
        description: plan.sku.description,
        orderQuantity: plan.orderQuantity,
        quantity: plan.quantity,
        multiUse: plan.multiUse,
        authorizedUsers: plan.authorizedUsers,
        termMonths: plan.termMonths,
        startDate: plan.startDate,
        endDate: plan.endDate,
        activeAt: new Date(shipMs + delayMs).toISOString(),
      });
    });
    const contractPlan = planContract(plans, shipMs);
    let contract: OrderView['contract'] = null;
    if (contractPlan !== null) {
      const number = uniqueContractNumber(sandbox);
      const availableMs = shipMs + sandbox.settings().contractDelayMs;
      store.contracts.insert({
        number,
        orderId,
        address: JSON.stringify(input.contractAddress ?? JSON.parse(user.address)),
        availableMs,
        ...contractPlan,
      });
      contract = { number, availableAt: new Date(availableMs).toISOString(), ...contractPlan };
    }
    const mail = captureMail(deps, sandbox, {
      template: 'edelivery',
      to: [user.email],
      data: {
        name: user.name,
        salesOrder,
        paks: paks.map((p) => ({
          ...p,
          startDate: emailDate(p.startDate),
          endDate: p.endDate && emailDate(p.endDate),
        })),
      },
    });
    return {
      salesOrder,
      ccoId: user.ccoId,
      shippedAt: new Date(shipMs).toISOString(),
      activationDelay: formatDuration(delayMs),
      paks,
      services,
      eDeliveryMailId: mail.id,
      contract,
    };
  });
}

/** The end date of the term a renewal line continues. */
function renewalStart(sandbox: Sandbox, renewsPak: string | undefined, index: number): string | undefined {
  if (renewsPak === undefined) return undefined;
  const field = `lines[${index}].renewsPak`;
  const line = sandbox.store.paks.lines(renewsPak.toUpperCase())[0];
  if (!line) throw notFound('PAK_NOT_FOUND', `${field}: no PAK ${renewsPak} in this sandbox`, { field });
  const tier = findSku(line.sku)?.tier;
  if ((tier !== 'plus' && tier !== 'apex') || line.endDate === null) {
    throw invalid('NOT_RENEWABLE', `${field}: ${line.sku} on PAK ${renewsPak} has no term to renew`, {
      field,
    });
  }
  return line.endDate;
}

function uniquePak(deps: ServiceDeps, sandbox: Sandbox, taken: Set<string>): string {
  for (;;) {
    const pak = newPak(sandbox.random);
    if (!taken.has(pak) && !sandbox.store.paks.exists(pak)) return pak;
  }
}

function uniqueContractNumber(sandbox: Sandbox): string {
  for (;;) {
    const n = randomDigits(sandbox.random, 9);
    if (!sandbox.store.contracts.exists(n)) return n;
  }
}

function uniqueSalesOrder(deps: ServiceDeps, sandbox: Sandbox): string {
  for (;;) {
    const so = randomDigits(sandbox.random, 9);
    if (!sandbox.store.paks.salesOrderExists(so)) return so;
  }
}
