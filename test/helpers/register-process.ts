/**
 * A second server process in miniature: its own app and its own SQLite connections on the same
 * DATA_DIR, racing the others for one PAK line. Prints "ready", waits for a line on stdin, fires its
 * registrations concurrently, prints the results as JSON.
 */
import { once } from 'node:events';
import { buildApp } from '../../src/app.js';

const [dataDir, token, attemptsText, index] = process.argv.slice(2) as [string, string, string, string];
const { app } = await buildApp({ dataDir, adminToken: null, seed: 'none' });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const results = await Promise.all(
  Array.from({ length: Number(attemptsText) }, (_, i) =>
    app
      .inject({
        method: 'POST',
        url: '/api/v1/registrations',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          paks: 'TENUSERS001',
          devices: [`P${index}X${String(i).padStart(6, '0')}`],
          lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 1 }],
          agreeToTerms: true,
        },
      })
      .then((r) => ({
        status: r.statusCode,
        code: r.statusCode === 201 ? null : (JSON.parse(r.body) as { error: { code: string } }).error.code,
      })),
  ),
);
await app.close();
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
