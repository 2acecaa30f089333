import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lps-server-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function server(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], {
    env: { ...process.env, DATA_DIR: ':memory:', PORT: '0', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return { child, output: () => ({ stdout, stderr }) };
}

describe('The server loads SCENARIOS_DIR at start', () => {
  it('a bad scenario file stops the server with the file, line, path and problem (exit code 2)', async () => {
    writeFileSync(
      join(dir, 'lab.yaml'),
      'users:\n  - ccoId: jdoe\n    email: jdoe@example.com\n    name: John\norders:\n  - ccoId: jdoe\n    lines:\n      - sku: L-AC-FOO\n',
    );
    const s = server({ SCENARIOS_DIR: dir });
    const [code] = (await once(s.child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(s.output().stderr).toBe(
      `Cannot load the scenarios in SCENARIOS_DIR:\n${join(dir, 'lab.yaml')}:8: orders[0].lines[0].sku: L-AC-FOO is not an AnyConnect part in the catalog\n`,
    );
  });

  it('good files: the banner names their sandboxes and /readyz answers 200', async () => {
    writeFileSync(join(dir, 'lab.yaml'), 'clock:\n  frozen: true\n');
    const s = server({ SCENARIOS_DIR: dir });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        s.child.stdout.on('data', () => {
          const m = /listening on (\S+)/.exec(s.output().stdout);
          if (m && s.output().stdout.includes('sandbox "default" users')) resolve(m[1] as string);
        });
        s.child.once('exit', () => reject(new Error(s.output().stderr)));
      });
      expect(s.output().stdout).toContain(`  sandboxes from ${dir}: lab\n`);
      expect((await fetch(`${address}/readyz`)).status).toBe(200);
      expect((await fetch(`${address}/__admin/sandboxes/lab`)).status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
      await once(s.child, 'exit');
    }
  });
});
