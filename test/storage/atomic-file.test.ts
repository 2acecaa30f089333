import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempFiles, writeFileAtomic } from '../../src/storage/atomic-file.js';

const dir = mkdtempSync(join(tmpdir(), 'lps-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Files outside SQLite are replaced atomically', () => {
  it('writes the content, with the mode asked for, and leaves no temporary file', () => {
    const path = join(dir, 'key');
    writeFileAtomic(path, 'secret', 0o600);
    expect(readFileSync(path, 'utf8')).toBe('secret');
    writeFileAtomic(path, Buffer.from('second'));
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['key']);
  });

  it('a process killed while it rewrites a file leaves the old content or the new, never a part', async () => {
    const path = join(dir, 'rewritten');
    const big = (n: number) => String(n).repeat(200_000);
    writeFileSync(path, big(0));
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(new URL('../../src/storage/atomic-file.ts', import.meta.url).pathname)};
      for (let i = 1; ; i++) writeFileAtomic(${JSON.stringify(path)}, String(i % 10).repeat(200_000));
    `;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: 'ignore',
      });
      await sleep(300 + round * 50);
      child.kill('SIGKILL');
      await once(child, 'exit');
      const text = readFileSync(path, 'utf8');
      expect(text.length).toBe(200_000);
      expect(new Set(text).size).toBe(1);
      removeTempFiles(dir);
      expect(existsSync(`${path}.tmp`)).toBe(false);
    }
  });
});
