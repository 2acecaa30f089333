/**
 * Soak: a real server under bounded mixed load (lookups, registrations, history, devices, the clock,
 * sandboxes created and dropped) for SOAK_SECONDS (20 in CI; 300 for the full run). Every answer must
 * be the expected one; the RSS is sampled every second and its slope reported (and, on runs of two
 * minutes or more, held under SOAK_MAX_SLOPE MB/min over the second half).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { note } from './support/counts.js';
import {
  call,
  flushRequestCount,
  order,
  sandboxWithUser,
  startServer,
  type Reply,
} from './support/server.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const MAX_SLOPE = Number(process.env.SOAK_MAX_SLOPE ?? 10);
const WORKERS = 8;
const dataDir = mkdtempSync(join(tmpdir(), 'lps-soak-'));

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  flushRequestCount();
});

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

describe(`Soak: ${SECONDS} s of mixed load on one server`, () => {
  it(
    'answers every request as expected, and its memory does not keep growing',
    { timeout: (SECONDS + 120) * 1000 },
    async () => {
      const server = await startServer({ dataDir });
      const url = server.url;
      try {
        const token = await sandboxWithUser(url, 'soak');
        const paks = await order(
          url,
          'soak',
          'jdoe',
          Array.from({ length: 10 }, () => ({ sku: 'L-AC-PLS-P-G' })),
        );
        const registered: Array<{ serial: string; transactionId: string }> = [];
        let serials = 0;
        let scratch = 0;
        const unexpected: string[] = [];
        const expectStatus = async <T>(what: string, status: number, reply: Promise<Reply<T>>) => {
          const r = await reply;
          if (r.status !== status) unexpected.push(`${what}: ${r.status} ${r.text.slice(0, 200)}`);
          return r;
        };
        const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;

        const operations: Array<[number, () => Promise<unknown>]> = [
          [
            40,
            () =>
              expectStatus(
                'lookup',
                200,
                call(url, 'GET', `/api/v1/paks?ids=${pick(paks)},${pick(paks)}`, { token }),
              ),
          ],
          [
            20,
            async () => {
              const serial = `SOAK${String(serials++).padStart(8, '0')}`;
              const r = await expectStatus(
                'register',
                201,
                call<{ transactionId: string }>(url, 'POST', '/api/v1/registrations', {
                  token,
                  body: { paks: pick(paks), devices: [serial], agreeToTerms: true },
                }),
              );
              if (r.status === 201) registered.push({ serial, transactionId: r.body.transactionId });
            },
          ],
          [
            15,
            () => expectStatus('history', 200, call(url, 'GET', '/api/v1/transactions?limit=20', { token })),
          ],
          [
            10,
            () =>
              registered.length === 0
                ? Promise.resolve()
                : expectStatus(
                    'device',
                    200,
                    call(url, 'GET', `/api/v1/devices/${pick(registered).serial}`, { token }),
                  ),
          ],
          [
            5,
            () =>
              registered.length === 0
                ? Promise.resolve()
                : expectStatus(
                    'transaction',
                    200,
                    call(url, 'GET', `/api/v1/transactions/${pick(registered).transactionId}`, { token }),
                  ),
          ],
          [
            5,
            () =>
              expectStatus(
                'clock',
                200,
                call(url, 'POST', '/__admin/sandboxes/soak/clock', { body: { action: 'advance', by: '1m' } }),
              ),
          ],
          [
            5,
            async () => {
              const id = `soak-scratch-${scratch++}`;
              await expectStatus(
                'create',
                201,
                call(url, 'POST', '/__admin/sandboxes', { body: { id, scenario: 'demo' } }),
              );
              await expectStatus('delete', 204, call(url, 'DELETE', `/__admin/sandboxes/${id}`));
            },
          ],
        ];
        const total = operations.reduce((s, [w]) => s + w, 0);
        const nextOperation = () => {
          let r = Math.random() * total;
          for (const [weight, op] of operations) if ((r -= weight) < 0) return op;
          return (operations[0] as [number, () => Promise<unknown>])[1];
        };

        const started = performance.now();
        const deadline = started + SECONDS * 1000;
        const rss: Array<[number, number]> = [];
        const sampler = setInterval(
          () => rss.push([(performance.now() - started) / 60_000, server.rssMb()]),
          1000,
        );
        let operationsRun = 0;
        await Promise.all(
          Array.from({ length: WORKERS }, async () => {
            while (performance.now() < deadline) {
              await nextOperation()();
              operationsRun++;
            }
          }),
        );
        clearInterval(sampler);

        const secondHalf = rss.slice(Math.floor(rss.length / 2));
        const whole = slope(rss);
        const late = slope(secondHalf);
        const last = rss.at(-1)?.[1] ?? 0;
        note(
          `soak: ${SECONDS} s, ${operationsRun} operations, ${registered.length} registrations; RSS ${rss[0]?.[1].toFixed(0)} → ${last.toFixed(0)} MB, ` +
            `slope ${whole.toFixed(1)} MB/min overall, ${late.toFixed(1)} MB/min over the second half`,
        );
        expect(unexpected).toEqual([]);
        expect(registered.length).toBeGreaterThan(0);
        expect(last).toBeLessThan(500);
        if (SECONDS >= 120) expect(late).toBeLessThan(MAX_SLOPE);
      } finally {
        await server.stop();
      }
    },
  );
});
