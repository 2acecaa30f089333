/**
 * The books balance: random sequences of orders, registrations (good and bad quantities, with and
 * without a Smart Account, replayed under an Idempotency-Key), RMAs, Smart Account requests, demo
 * licenses, clock moves, Virtual Account transfers, token creation, sandbox clone and reset, run
 * against the real app; after every step its observable state equals the reference model's.
 * The bounded profile; `npm run test:reliability` runs the long one.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build.js';
import { checkLedger } from './ledger-commands.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('No sequence of requests breaks the ledger (model-based, bounded)', () => {
  it('20 to 40 operations, two runs', { timeout: 180_000 }, async () => {
    await checkLedger(t, { runs: 2, maxCommands: 40, budgetMs: 120_000 });
  });
});
