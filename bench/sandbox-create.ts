/**
 * How long creating a sandbox takes when every test makes its own: `npx tsx bench/sandbox-create.ts`.
 * Prints the median of each case, through the HTTP API (app.inject), in memory and on disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';

const RUNS = 200;
const START = '2026-03-02T09:00:00Z';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function bench(dataDir: string): Promise<void> {
  const { app, boot } = await buildApp({ dataDir, adminToken: null, seed: 'none' });
  await boot();
  let n = 0;
  const create = async (body: object) => {
    const r = await app.inject({
      method: 'POST',
      url: '/__admin/sandboxes',
      payload: { id: `b-${++n}`, ...body },
    });
    if (r.statusCode !== 201) throw new Error(r.body);
  };
  const time = async (label: string, run: () => Promise<void>, runs = RUNS) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await run();
      samples.push(performance.now() - t0);
    }
    console.log(
      `${dataDir === ':memory:' ? 'memory' : 'disk  '}  ${label.padEnd(46)} median ${median(samples).toFixed(2)} ms`,
    );
  };

  await time('demo, running clock from now (built each time)', () => create({ scenario: 'demo' }), 50);
  await create({ scenario: 'demo', frozen: true, startTime: START });
  await time('demo, frozen at a fixed start (cached image)', () =>
    create({ scenario: 'demo', frozen: true, startTime: START }),
  );
  await time('empty, frozen at a fixed start (cached image)', () =>
    create({ scenario: 'empty', frozen: true, startTime: START }),
  );
  await time('clone of a demo sandbox', async () => {
    const r = await app.inject({ method: 'POST', url: '/__admin/sandboxes/b-1/clone', payload: {} });
    if (r.statusCode !== 201) throw new Error(r.body);
  });
  await app.close();
}

await bench(':memory:');
const dir = mkdtempSync(join(tmpdir(), 'lps-bench-'));
try {
  await bench(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
