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
  /** Mailboxes of few or many messages; NEEDLE is in the text of exactly NEEDLES of them. */
  mailbox: Record<'small' | 'large', { sandbox: string }>;
  /** Users with few or many transactions (Transactions History's last page). */
  history: Record<'small' | 'large', { token: string; transactions: number }>;
}

/** A word in the text of exactly NEEDLES messages of each seeded mailbox. */
export const NEEDLE = 'zebracrossing';
const NEEDLES = 10;

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

/** Delivered license emails of realistic length, NEEDLES of them holding NEEDLE. */
function seedMailbox(ctx: RouteContext, sandboxId: string, count: number): void {
  const sandbox = ctx.sandboxes.open(sandboxId);
  const store = sandbox.store;
  const t0 = sandbox.nowMs();
  const every = Math.max(1, Math.floor(count / NEEDLES));
  store.write(() => {
    for (let i = 0; i < count; i++) {
      const mailId = `benchmail${i}`;
      const serial = `JAD${String(i).padStart(8, '0')}`;
      const word = i % every === 0 && i / every < NEEDLES ? ` ${NEEDLE}` : '';
      store.mail.insert({
        id: mailId,
        messageId: `<${mailId}@license-portal-sim.invalid>`,
        transactionId: null,
        template: 'activation-key',
        from: 'do-not-reply@cisco.com',
        to: ['reader@example.com'],
        subject: `Cisco Software License Activation Key for ${serial}`,
        text:
          `Dear Bench Reader,\n\nThank you for registering your product. Serial number: ${serial}${word}.\n` +
          `Activation key: 0x${i.toString(16).padStart(8, '0')} 0x12345678 0x9abcdef0 0x0fedcba9 0x87654321\n`.repeat(
            4,
          ) +
          'Install the key with the activation-key command in privileged EXEC mode.\n',
        html: '<p>license email</p>',
        createdMs: t0 + i,
        deliverMs: t0 + i,
        status: 'delivered',
        folder: 'inbox',
      });
    }
  });
  // Searches index the mail that came since the last one (50 ms of it per search); a mailbox searched
  // as it fills stays indexed. Measured here is that steady state, the catch-up is on the performance page.
  store.mail.search({ folder: null, to: null, subject: null, text: NEEDLE, sinceMs: null }, Infinity);
}

/** Completed registrations of one user, one simulated second apart (no lines: the page, not its content). */
function seedHistory(ctx: RouteContext, sandboxId: string, ccoId: string, count: number): void {
  const sandbox = ctx.sandboxes.open(sandboxId);
  const store = sandbox.store;
  const t0 = sandbox.nowMs() - count * 1000;
  const email = `${ccoId}@example.com`;
  store.write(() => {
    for (let i = 0; i < count; i++) {
      store.transactions.insert({
        id: String(2_000_000_000 + i),
        type: 'registration',
        status: 'completed',
        ccoId,
        createdMs: t0 + i * 1000,
        completedMs: t0 + i * 1000,
        sendTo: [email],
        endUser: { name: `Bench ${ccoId}`, company: 'Bench Corp', email },
        smartAccount: null,
        virtualAccount: null,
      });
    }
  });
}

/**
 * A DATA_DIR holding `count` demo sandboxes (one cached image copied each time) and the portal token
 * of each one's jdoe: token lookup and sandbox open when most sandboxes are not in the handle cache.
 */
export async function prepareSandboxes(dataDir: string, count: number): Promise<string[]> {
  const { app, context: ctx } = await buildApp({ dataDir, adminToken: null, seed: 'none' });
  try {
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      const created = ctx.sandboxes.create({
        id: `many-${i}`,
        scenario: 'demo',
        frozen: true,
        startTime: '2026-03-02T09:00:00.000Z',
      });
      const jdoe = created.users.find((u) => u.ccoId === 'jdoe');
      if (!jdoe) throw new Error('the demo scenario has no jdoe');
      tokens.push(jdoe.token);
    }
    return tokens;
  } finally {
    await app.close();
  }
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

    const mailbox = {} as PreparedData['mailbox'];
    const history = {} as PreparedData['history'];
    for (const [size, count] of [
      ['small', sizes.small],
      ['large', sizes.large],
    ] as const) {
      const mailId = `bench-mail-${size}`;
      frozenSandbox(ctx, mailId, 'empty');
      seedMailbox(ctx, mailId, count);
      mailbox[size] = { sandbox: mailId };
      const historyId = `bench-history-${size}`;
      frozenSandbox(ctx, historyId, 'empty');
      const historian = user(ctx, historyId, 'historian');
      seedHistory(ctx, historyId, 'historian', count);
      history[size] = { token: historian.token, transactions: count };
    }

    return {
      mailbox,
      history,
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
