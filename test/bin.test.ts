import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of bin/ next to a stand-in dist/cli.js and src/cli.ts that say which one ran, with this
 * checkout's node_modules (for tsx) when asked.
 */
function layout(parts: { dist?: boolean; src?: boolean; tsx?: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'lps-bin-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(root, 'bin/license-portal-sim.js'), join(dir, 'bin/license-portal-sim.js'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  if (parts.dist) {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(
      join(dir, 'dist/cli.js'),
      "export async function runCli(argv) { console.log('dist', argv.slice(2).join(' ')); return 0; }\n",
    );
  }
  if (parts.src) {
    mkdirSync(join(dir, 'src/domain'), { recursive: true });
    writeFileSync(
      join(dir, 'src/cli.ts'),
      "export async function runCli(argv: readonly string[]): Promise<number> { console.log('src', argv.slice(2).join(' ')); return 3; }\n",
    );
    writeFileSync(join(dir, 'src/domain/rules.ts'), 'export const rule = 1;\n');
  }
  if (parts.tsx) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Sets the modification time of paths under dir to `at` seconds since the epoch. */
const touch = (dir: string, at: number, ...paths: string[]) => {
  for (const path of paths) utimesSync(join(dir, path), at, at);
};

const run = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(dir, 'bin/license-portal-sim.js'), ...args], { encoding: 'utf8' });

describe('The bin runs the compiled CLI in the package, and never stale code in a clone', () => {
  it('the npm package (dist/, no src/): dist/cli.js, with the arguments and its exit code', () => {
    const r = run(layout({ dist: true }), 'scenario', 'validate', 'x.yaml');
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'dist scenario validate x.yaml\n', '']);
  });

  it('a fresh clone after npm ci (src/, no dist/): src/ through tsx', () => {
    const r = run(layout({ src: true, tsx: true }), '--help');
    expect([r.status, r.stdout]).toEqual([3, 'src --help\n']);
  });

  it('a clone built after its last change: dist/', () => {
    const dir = layout({ src: true, dist: true, tsx: true });
    touch(dir, 1_000, 'src/cli.ts', 'src/domain/rules.ts', 'src/domain', 'src');
    touch(dir, 2_000, 'dist/cli.js');
    expect(run(dir, 'openapi').stdout).toBe('dist openapi\n');
  });

  it('a clone changed after the build, however deep the change: src/', () => {
    const dir = layout({ src: true, dist: true, tsx: true });
    touch(dir, 1_000, 'src/cli.ts', 'src/domain', 'src');
    touch(dir, 2_000, 'dist/cli.js');
    touch(dir, 3_000, 'src/domain/rules.ts');
    expect(run(dir, 'openapi').stdout).toBe('src openapi\n');
  });

  it('a file deleted from src/ after the build counts as a change (its folder changed): src/', () => {
    const dir = layout({ src: true, dist: true, tsx: true });
    touch(dir, 1_000, 'src/cli.ts', 'src/domain/rules.ts', 'src');
    touch(dir, 2_000, 'dist/cli.js');
    touch(dir, 3_000, 'src/domain');
    expect(run(dir).stdout).toBe('src \n');
  });

  it('stale or missing dist/ without tsx: exit code 1, and what to run', () => {
    const stale = layout({ src: true, dist: true });
    touch(stale, 1_000, 'dist/cli.js');
    const r = run(stale, '--help');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'license-portal-sim: dist/ is older than src/ and tsx is not installed to run src/: run npm ci (dev dependencies included) or npm run build\n',
    );
    expect(run(layout({ src: true }), '--help').stderr).toContain(
      'license-portal-sim: dist/ is missing and tsx',
    );
  });

  it("this checkout's bin answers --help, built or not", () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/license-portal-sim.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: license-portal-sim [options] [command]');
  });
});
