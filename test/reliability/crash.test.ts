/**
 * Crash safety: a real server under registration load is killed with SIGKILL at random moments. After
 * each restart every acknowledged (201) registration is there and whole (transaction, licenses, key,
 * captured email), and nothing is half-written: every PAK's assigned quantity matches the
 * registrations recorded against it, and every recorded registration has its device and its email.
 *
 * CRASH_ROUNDS (20) sets the number of kills; CRASH_SEED repeats a run's kill moments.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Proc } from '../../bench/lib/processes.js';
import { count, note } from './support/counts.js';
import { call, flushRequestCount, order, sandboxWithUser, startServer } from './support/server.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const WORKERS = 6;
const SANDBOX = 'crash';
const KEY = /^0x[0-9a-f]{8}( 0x[0-9a-f]{8}){4}$/;

const dataDir = mkdtempSync(join(tmpdir(), 'lps-crash-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  flushRequestCount();
});

interface Acked {
  serial: string;
  pak: string;
  transactionId: string;
}

interface TransactionDetail {
  status: string;
  paks: string[];
  serials: string[];
  lines: Array<{ pak: string; quantity: number }>;
  emailsSent: Array<{ id: string; status: string }>;
}

let serials = 0;
const nextSerial = () => `CR${String(serials++).padStart(8, '0')}`;

/** Registers until the server dies; returns what was acknowledged and anything unexpected. */
async function load(url: string, token: string, paks: string[]) {
  const acked: Acked[] = [];
  const unexpected: string[] = [];
  let sent = 0;
  const worker = async (w: number) => {
    for (let i = 0; ; i++) {
      const serial = nextSerial();
      const pak = paks[(w + i) % paks.length] as string;
      sent++;
      let reply;
      try {
        reply = await call<{ transactionId: string }>(url, 'POST', '/api/v1/registrations', {
          token,
          body: { paks: pak, devices: [serial], agreeToTerms: true },
        });
      } catch {
        return; // The server is gone.
      }
      if (reply.status === 201) acked.push({ serial, pak, transactionId: reply.body.transactionId });
      else unexpected.push(`${reply.status} ${reply.text}`);
    }
  };
  return {
    done: Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w))),
    acked,
    unexpected,
    sent: () => sent,
  };
}

/** One registration, as the portal shows it after a restart: transaction, device, key, email. */
async function checkWhole(
  url: string,
  token: string,
  r: { serial: string; pak: string; transactionId: string },
) {
  const tx = await call<TransactionDetail>(url, 'GET', `/api/v1/transactions/${r.transactionId}`, { token });
  expect(tx.status, `transaction ${r.transactionId}`).toBe(200);
  expect(tx.body).toMatchObject({ status: 'completed', paks: [r.pak], serials: [r.serial] });
  expect(tx.body.lines).toEqual([expect.objectContaining({ pak: r.pak, quantity: 1 })]);
  expect(tx.body.emailsSent).toEqual([expect.objectContaining({ status: 'delivered' })]);

  const device = await call<{
    activationKey: string;
    licenses: Array<{ transactionId: string; pak: string }>;
  }>(url, 'GET', `/api/v1/devices/${r.serial}`, { token });
  expect(device.status, `device ${r.serial}`).toBe(200);
  expect(device.body.activationKey).toMatch(KEY);
  expect(device.body.licenses).toEqual([
    expect.objectContaining({ transactionId: r.transactionId, pak: r.pak }),
  ]);

  const mailId = tx.body.emailsSent[0]?.id as string;
  const mail = await call<{ text: string; html: string }>(
    url,
    'GET',
    `/__admin/sandboxes/${SANDBOX}/mail/${mailId}`,
  );
  expect(mail.status, `mail ${mailId}`).toBe(200);
  expect(mail.body.text).toContain(r.serial);
  expect(mail.body.text).toContain(device.body.activationKey);
}

/** Every registration recorded (acknowledged or not) is whole, and quantities add up. */
async function checkNothingHalfWritten(url: string, token: string, paks: string[], seen: Set<string>) {
  const perPak = new Map<string, number>();
  const fresh: Array<{ serial: string; pak: string; transactionId: string }> = [];
  for (let offset = 0; ; offset += 500) {
    const page = await call<{
      total: number;
      transactions: Array<{
        id: string;
        status: string;
        paks: string[];
        serials: string[];
        emailsSent: unknown[];
      }>;
    }>(url, 'GET', `/api/v1/transactions?limit=500&offset=${offset}`, { token });
    expect(page.status).toBe(200);
    for (const t of page.body.transactions) {
      expect(t).toMatchObject({ status: 'completed' });
      expect(t.paks).toHaveLength(1);
      expect(t.serials).toHaveLength(1);
      expect(t.emailsSent).toHaveLength(1);
      perPak.set(t.paks[0] as string, (perPak.get(t.paks[0] as string) ?? 0) + 1);
      if (!seen.has(t.id))
        fresh.push({ serial: t.serials[0] as string, pak: t.paks[0] as string, transactionId: t.id });
    }
    if (offset + 500 >= page.body.total) break;
  }
  const lookup = await call<{ paks: Array<{ pak: string; lines: Array<{ quantityAssigned: number }> }> }>(
    url,
    'GET',
    `/api/v1/paks?ids=${paks.join(',')}`,
    { token },
  );
  expect(lookup.status).toBe(200);
  for (const p of lookup.body.paks) {
    expect(p.lines[0]?.quantityAssigned, `assigned on ${p.pak}`).toBe(perPak.get(p.pak) ?? 0);
  }
  // Registrations committed whose answer never left (the kill came first) must be whole too.
  for (const r of fresh) {
    await checkWhole(url, token, r);
    seen.add(r.transactionId);
  }
}

describe('Crash safety: SIGKILL under write load', () => {
  it(
    `after each of ${ROUNDS} kills and restarts, every acknowledged registration is there and whole`,
    { timeout: 600_000 },
    async () => {
      note(`crash: CRASH_SEED=${SEED} repeats this run's kill moments`);
      const delays = fc.sample(fc.integer({ min: 20, max: 600 }), { seed: SEED, numRuns: ROUNDS });
      let server: Proc = await startServer({ dataDir });
      const token = await sandboxWithUser(server.url, SANDBOX);
      const paks = await order(
        server.url,
        SANDBOX,
        'jdoe',
        Array.from({ length: 10 }, () => ({ sku: 'L-AC-PLS-P-G' })),
      );
      const seen = new Set<string>();
      let acknowledged = 0;
      let sent = 0;
      try {
        for (const [round, delay] of delays.entries()) {
          const running = await load(server.url, token, paks);
          await new Promise((r) => setTimeout(r, delay));
          const exited = once(server.child, 'exit');
          server.child.kill('SIGKILL');
          await exited;
          await running.done;
          count('kills');
          expect(running.unexpected, `round ${round + 1}`).toEqual([]);
          acknowledged += running.acked.length;
          sent += running.sent();

          server = await startServer({ dataDir });
          count('restarts');
          for (const r of running.acked) {
            await checkWhole(server.url, token, r);
            seen.add(r.transactionId);
          }
          await checkNothingHalfWritten(server.url, token, paks, seen);
        }
      } finally {
        await server.stop();
      }
      note(
        `crash: ${ROUNDS} kills, ${acknowledged} registrations acknowledged of ${sent} sent, all found whole`,
      );
      expect(acknowledged).toBeGreaterThan(0);
    },
  );
});
