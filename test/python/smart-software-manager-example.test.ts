import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';

const run = promisify(execFile);

/** The Python block of docs/smart-software-manager.md, as a reader would copy it. */
function docsExample(): string {
  const page = readFileSync(new URL('../../docs/smart-software-manager.md', import.meta.url), 'utf8');
  const m = /```python\n([\s\S]*?)```/.exec(page);
  if (!m) throw new Error('no python block in docs/smart-software-manager.md');
  return m[1] as string;
}

describe('The Python example of docs/smart-software-manager.md runs unchanged against a live server', () => {
  it('token, search, Virtual Accounts, licenses, a registration token and a transfer', async () => {
    const { app, boot } = await buildApp({ dataDir: ':memory:', adminToken: null, seed: 'demo' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    await boot();
    try {
      // The page's curl steps before the example.
      const users = JSON.parse((await app.inject({ url: '/__admin/sandboxes/default/users' })).body) as {
        users: Array<{ ccoId: string; token: string }>;
      };
      const jdoe = users.users.find((u) => u.ccoId === 'jdoe')?.token as string;
      const registered = await app.inject({
        method: 'POST',
        url: '/api/v1/registrations',
        headers: { authorization: `Bearer ${jdoe}` },
        payload: {
          paks: 'DEMOAPX0102',
          smartAccount: 'Example Corp',
          virtualAccount: 'Default',
          devices: ['JAD222605KA'],
          agreeToTerms: true,
        },
      });
      expect(registered.statusCode).toBe(201);
      const client = JSON.parse(
        (
          await app.inject({
            method: 'POST',
            url: '/__admin/sandboxes/default/api-clients',
            payload: { ccoId: 'jdoe' },
          })
        ).body,
      ) as { clientId: string; clientSecret: string };

      const { stdout } = await run('python3', ['-c', docsExample()], {
        env: {
          ...process.env,
          CSSM_BASE: address,
          CSSM_CLIENT_ID: client.clientId,
          CSSM_CLIENT_SECRET: client.clientSecret,
        },
      });
      const lines = stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.trimEnd());
      const date = String.raw`\d{4}-\d{2}-\d{2}`;
      expect(lines).toHaveLength(5);
      expect(lines[0]).toBe('virtual account Default (default)');
      expect(lines[1]).toBe('virtual account Lab');
      expect(lines[2]).toMatch(
        new RegExp(`^Default AnyConnect Apex 102 in use 0 \\[\\('TERM', '${date}', '${date}'\\)\\]$`),
      );
      expect(lines[3]).toMatch(new RegExp(`^registration token Not Allowed ${date}$`));
      expect(lines[4]).toBe('transfer SUCCESS');
    } finally {
      await app.close();
    }
  });
});
