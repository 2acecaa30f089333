/**
 * The long profile of the ledger's model-based test: many runs of up to 200 operations against the
 * real app, each step compared with the reference model (test/model). Replay a failure with the
 * LEDGER_MODEL_SEED and LEDGER_MODEL_PATH it prints.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build.js';
import { checkLedger } from '../model/ledger-commands.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('No sequence of requests breaks the ledger (model-based, long)', () => {
  it('20 to 200 operations, many runs', { timeout: 900_000 }, async () => {
    await checkLedger(t, {
      runs: Number(process.env.LEDGER_MODEL_RUNS ?? 40),
      maxCommands: 200,
      budgetMs: 840_000,
    });
  });
});
