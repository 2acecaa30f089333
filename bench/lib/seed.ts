/**
 * Prepares a DATA_DIR in-process, through the project's own services and store (not over HTTP), before
 * the measured server opens it: 10^5 PAKs take a second this way instead of 10^5 requests.
 */
import { buildApp } from '../../src/app.js';
import { planOrderLine } from '../../src/domain/order.js';
import { createOrder } from '../../src/services/orders.js';
import { register } from '../../src/services/registrations.js';
import { createUser } from '../../src/services/users.js';
import type { RouteContext } from '../../src/http/context.js';

const DAY = 86_400_000;
const PAKS_PER_ORDER = 10;
const PERPETUAL = 'L-AC-PLS-P-G';

export interface PreparedData {
  /** The demo scenario plus a user history: PAK lookup and Transactions History. */
  read: { token: string; ids: string; transactions: number };
  /** Ten perpetual multi-use PAKs (99999 each): every registration gets fresh quantity. */
  write: { token: string; paks: string[] };
  /** Queued license emails due one simulated second apart: each "advance 1s" delivers one. */
  clock: { sandbox: string; jobs: number };
  /** The same perpetual PAKs, few or many, to see whether cost grows with the sandbox. */
  scale: Record<'small' | 'large', { token: string; paks: string[] }>;
}

export interface SeedSizes {
  transactions: number;
  clockJobs: number;
  small: number;
  large: number;
}

function user(ctx: RouteContext, sandbox: string, ccoId: string): { token: string; email: string } {
  const email = `${ccoId}@example.com`;
  const view = createUser(ctx.deps, ctx.sandboxes.open(sandbox), {
    ccoId,
    email,
    name: `Bench ${ccoId}`,
    company: 'Bench Corp',
  });
  return { token: view.token, email };
}

function frozenSandbox(ctx: RouteContext, id: string, scenario: 'demo' | 'empty'): void {
  ctx.sandboxes.create({ id, scenario, frozen: true, startTime: '2026-03-02T09:00:00.000Z' });
}

/** Perpetual PAKs written straight through the store, one order per ten PAKs, active at once. */
function seedPaks(
  ctx: RouteContext,
  sandboxId: string,
  ccoId: string,
  count: number,
  prefix: string,
): string[] {
  const sandbox = ctx.sandboxes.open(sandboxId);
  const store = sandbox.store;
  const shipMs = sandbox.nowMs() - DAY;
  const plan = planOrderLine({ sku: PERPETUAL }, 0, shipMs);
  const paks: string[] = [];
  store.write(() => {
    for (let o = 0; o * PAKS_PER_ORDER < count; o++) {
      const orderId = store.paks.insertOrder({
        salesOrder: String(100_000_000 + o),
        ccoId,
        shipMs,
        activationDelayMs: 0,
        createdMs: shipMs,
      });
      for (let line = 0; line < PAKS_PER_ORDER && paks.length < count; line++) {
        const pak = `${prefix}${String(paks.length).padStart(11 - prefix.length, '0')}`;
        store.paks.insert({ pak, orderId, lineNo: line + 1, deliveredMs: shipMs, activeMs: shipMs });
        store.paks.insertLine({
          pak,
          sku: plan.sku.sku,
          orderQuantity: 1,
          quantity: plan.quantity,
          multiUse: plan.multiUse,
          authorizedUsers: plan.authorizedUsers,
          termMonths: plan.termMonths,
          startDate: plan.startDate,
          endDate: plan.endDate,
          entitlement: plan.entitlement,
        });
        paks.push(pak);
      }
    }
  });
  return paks;
}

/** Processing transactions whose license email is queued, due one simulated second after another. */
function seedDueMail(ctx: RouteContext, sandboxId: string, count: number): void {
  const { email } = user(ctx, sandboxId, 'clerk');
  const sandbox = ctx.sandboxes.open(sandboxId);
  const store = sandbox.store;
  const t0 = sandbox.nowMs();
  store.write(() => {
    for (let i = 0; i < count; i++) {
      const transactionId = String(1_000_000_000 + i);
      const mailId = `benchmail${i}`;
      store.transactions.insert({
        id: transactionId,
        type: 'registration',
        status: 'processing',
        ccoId: 'clerk',
        createdMs: t0,
        completedMs: null,
        sendTo: [email],
        endUser: { name: 'Bench clerk', company: 'Bench Corp', email },
        smartAccount: null,
        virtualAccount: null,
      });
      const deliverMs = t0 + (i + 1) * 1000;
      store.mail.insert({
        id: mailId,
        messageId: `<${mailId}@license-portal-sim.invalid>`,
        transactionId,
        template: 'activation-key',
        from: 'do-not-reply@cisco.com',
        to: [email],
        subject: 'Your license activation key',
        text: 'queued license email',
        html: '<p>queued license email</p>',
        createdMs: t0,
        deliverMs,
        status: 'queued',
        folder: 'inbox',
      });
      store.jobs.insert(deliverMs, 'deliver-mail', { mailId });
    }
  });
}

export async function prepareDataDir(dataDir: string, sizes: SeedSizes): Promise<PreparedData> {
  const { app, context: ctx } = await buildApp({ dataDir, adminToken: null, seed: 'demo' });
  try {
    frozenSandbox(ctx, 'bench-read', 'demo');
    const reader = ctx.sandboxes.open('bench-read');
    const jdoe = reader.store.users.get('jdoe');
    if (!jdoe) throw new Error('the demo scenario has no jdoe');
    for (let i = 0; i < sizes.transactions; i++) {
      register(ctx.deps, reader, jdoe, {
        paks: 'DEMOPLSPERP',
        devices: [`RD${String(i).padStart(8, '0')}`],
        agreeToTerms: true,
      });
    }

    frozenSandbox(ctx, 'bench-write', 'empty');
    const writer = user(ctx, 'bench-write', 'writer');
    const order = createOrder(ctx.deps, ctx.sandboxes.open('bench-write'), {
      ccoId: 'writer',
      activationDelay: '0',
      lines: Array.from({ length: 10 }, () => ({ sku: PERPETUAL })),
    });

    frozenSandbox(ctx, 'bench-clock', 'empty');
    seedDueMail(ctx, 'bench-clock', sizes.clockJobs);

    const scale = {} as PreparedData['scale'];
    for (const [size, count] of [
      ['small', sizes.small],
      ['large', sizes.large],
    ] as const) {
      const id = `bench-scale-${size}`;
      frozenSandbox(ctx, id, 'empty');
      const scaler = user(ctx, id, 'scaler');
      scale[size] = { token: scaler.token, paks: seedPaks(ctx, id, 'scaler', count, 'S') };
    }

    return {
      read: {
        token: jdoe.token,
        ids: 'DEMOPLS0026,DEMOAPX0102',
        transactions: sizes.transactions,
      },
      write: { token: writer.token, paks: order.paks.map((p) => p.pak) },
      clock: { sandbox: 'bench-clock', jobs: sizes.clockJobs },
      scale,
    };
  } finally {
    await app.close();
  }
}
