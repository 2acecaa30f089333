import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from '../../src/portal.js';

const script = fileURLToPath(new URL('../../examples/curl/faq-flow.sh', import.meta.url));
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const haveTools = ['bash', 'curl', 'jq'].every(has);

/** Asynchronous: the server answering the script runs in this same process. */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, stdout, stderr };
}

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal.close());

describe('examples/curl/faq-flow.sh walks the FAQ flow with curl and jq', () => {
  it(
    'against a running server: every step answers as the FAQ says, and the sandbox it made is gone',
    { timeout: 60_000 },
    async () => {
      if (!haveTools) {
        // Here the script must refuse, naming the missing tool, rather than half-run.
        const r = await run('/bin/bash', [script], process.env);
        expect(r.status).toBe(3);
        expect(r.stderr).toMatch(/^faq-flow\.sh needs curl and jq; (curl|jq) is missing\n$/);
        return;
      }
      const r = await run('bash', [script], {
        ...process.env,
        B: portal.url,
        ADMIN_TOKEN: portal.adminToken,
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('ok   the pending PAK after 4 hours');
      expect(r.stdout.trim().split('\n').at(-1)).toBe('FAQ flow: all answers as expected');
      expect(r.status).toBe(0);
      const list = await fetch(`${portal.url}/__admin/sandboxes`, {
        headers: { authorization: `Bearer ${portal.adminToken}` },
      });
      expect(
        ((await list.json()) as { sandboxes: Array<{ id: string }> }).sandboxes.map((s) => s.id),
      ).toEqual(['default']);
    },
  );

  it('stops at once, saying why, when jq or curl is missing', () => {
    if (!has('bash')) {
      expect(haveTools).toBe(false);
      return;
    }
    const r = spawnSync('/bin/bash', [script], { env: { PATH: '/nonexistent' }, encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('faq-flow.sh needs curl and jq; curl is missing\n');
  });

  it('stops at the first unexpected answer', async () => {
    if (!haveTools) {
      expect(has('curl') && has('jq')).toBe(false);
      return;
    }
    // A server that refuses the admin token: the very first step fails.
    const r = await run('bash', [script], {
      ...process.env,
      B: portal.url,
      ADMIN_TOKEN: 'wrong-token-0123456789',
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('FAQ flow: all answers as expected');
  });
});
