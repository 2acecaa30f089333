import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { buildTestApp, order, sandboxWithUsers } from '../helpers/build.js';

type Result = { status: number; code: string | null };

const attempt = (i: number) => ({
  paks: 'TENUSERS001',
  devices: [`JAD${String(i).padStart(8, '0')}`],
  lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 1 }],
  agreeToTerms: true,
});

describe('Concurrent requests never over-allocate a PAK', () => {
  it('50 parallel registrations against a 10-user line assign exactly 10; the rest fail clearly', async () => {
    const t = await buildTestApp();
    try {
      const f = await sandboxWithUsers(t);
      await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, pak: 'TENUSERS001' }] });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.call<{ error?: { code: string } }>('POST', '/api/v1/registrations', {
            token: f.jdoe,
            body: attempt(i),
          }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(10);
      const failures = results.filter((r) => r.status !== 201);
      expect(failures).toHaveLength(40);
      for (const r of failures) {
        expect(r.status).toBe(409);
        expect(['QUANTITY_NOT_AVAILABLE', 'NOTHING_TO_ASSIGN']).toContain(r.body.error?.code);
      }
      const p = await t.call<{ paks: Array<{ lines: Array<{ quantityAssigned: number }> }> }>(
        'GET',
        '/api/v1/paks?ids=TENUSERS001',
        { token: f.jdoe },
      );
      expect(p.body.paks[0]?.lines[0]?.quantityAssigned).toBe(10);
      const tx = await t.call<{ total: number }>('GET', '/api/v1/transactions', { token: f.jdoe });
      expect(tx.body.total).toBe(10);
    } finally {
      await t.close();
    }
  });

  it('four server processes with their own SQLite connections on one data folder assign exactly 10 of 48 attempts', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lps-race-'));
    try {
      const { app, context } = await buildApp({ dataDir, adminToken: null, seed: 'none' });
      const created = await app.inject({
        method: 'POST',
        url: '/__admin/sandboxes',
        payload: { id: 'race', scenario: 'empty' },
      });
      expect(created.statusCode).toBe(201);
      const user = await app.inject({
        method: 'POST',
        url: '/__admin/sandboxes/race/users',
        payload: { ccoId: 'jdoe', email: 'john.doe@example.com', name: 'John Doe' },
      });
      const token = (JSON.parse(user.body) as { token: string }).token;
      const o = await app.inject({
        method: 'POST',
        url: '/__admin/sandboxes/race/orders',
        payload: {
          ccoId: 'jdoe',
          activationDelay: '0',
          lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, pak: 'TENUSERS001' }],
        },
      });
      expect(o.statusCode).toBe(201);

      const racers = Array.from({ length: 4 }, (_, index) =>
        spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            fileURLToPath(new URL('../helpers/register-process.ts', import.meta.url)),
            dataDir,
            token,
            '12',
            String(index),
          ],
          {
            stdio: ['pipe', 'pipe', 'inherit'],
          },
        ),
      );
      const outputs = racers.map((p) => {
        let out = '';
        p.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
        return {
          ready: new Promise<void>((resolve) =>
            p.stdout.on('data', () => out.startsWith('ready') && resolve()),
          ),
          done: once(p, 'exit').then(() => JSON.parse(out.split('\n')[1] as string) as Result[]),
        };
      });
      await Promise.all(outputs.map((o) => o.ready));
      // All four are built and connected: release them together so their transactions overlap.
      for (const p of racers) p.stdin.write('go\n');
      const done = outputs.map((o) => o.done);
      const results = (await Promise.all(done)).flat();

      expect(results).toHaveLength(48);
      expect(results.filter((r) => r.status === 201)).toHaveLength(10);
      for (const r of results.filter((x) => x.status !== 201)) {
        expect(r.status).toBe(409);
        expect(['QUANTITY_NOT_AVAILABLE', 'NOTHING_TO_ASSIGN']).toContain(r.code);
      }
      const store = context.deps.dbs.get('race');
      expect(store?.paks.lines('TENUSERS001')[0]?.assigned).toBe(10);
      await app.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
