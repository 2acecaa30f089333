import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
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
 * A copy of bin/ next to a stand-in dist/cli.js, dist/bundle/cli.mjs and src/cli.ts that say which one
 * ran; with this checkout's packages (a node_modules/ of links, so the bundle cache stays in the copy)
 * and its bundler when asked.
 */
function layout(parts: {
  dist?: boolean;
  bundle?: boolean;
  src?: boolean;
  packages?: boolean;
  bundler?: boolean;
}): string {
  const dir = mkdtempSync(join(tmpdir(), 'lps-bin-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(root, 'bin/license-portal-sim.js'), join(dir, 'bin/license-portal-sim.js'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  const says = (name: string, code: number) =>
    `export async function runCli(argv) { console.log('${name}', argv.slice(2).join(' ')); return ${code}; }\n`;
  if (parts.dist) {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/cli.js'), says('dist', 0));
  }
  if (parts.bundle) {
    mkdirSync(join(dir, 'dist/bundle'), { recursive: true });
    writeFileSync(join(dir, 'dist/bundle/cli.mjs'), says('bundle', 0));
  }
  if (parts.src) {
    mkdirSync(join(dir, 'src/domain'), { recursive: true });
    writeSource(dir, 'src');
    writeFileSync(join(dir, 'src/domain/rules.ts'), 'export const rule = 1;\n');
  }
  if (parts.packages) {
    mkdirSync(join(dir, 'node_modules'));
    for (const name of readdirSync(join(root, 'node_modules')).filter((n) => n !== '.cache'))
      symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  }
  if (parts.bundler) {
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(join(root, 'scripts/bundle.mjs'), join(dir, 'scripts/bundle.mjs'));
  }
  return dir;
}

/** The stand-in src/cli.ts, printing `name` (TypeScript, so only a bundler or tsx can run it). */
function writeSource(dir: string, name: string): void {
  writeFileSync(
    join(dir, 'src/cli.ts'),
    `export async function runCli(argv: readonly string[]): Promise<number> { console.log('${name}', argv.slice(2).join(' ')); return 3; }\n`,
  );
}

/** The bundle the bin made of src/ in a layout, if any. */
function cachedBundle(dir: string): string | undefined {
  const cache = join(dir, 'node_modules/.cache/license-portal-sim');
  try {
    const [key] = readdirSync(cache);
    return key && join(cache, key, 'cli.mjs');
  } catch {
    return undefined;
  }
}

/** Sets the modification time of paths under dir to `at` seconds since the epoch. */
const touch = (dir: string, at: number, ...paths: string[]) => {
  for (const path of paths) utimesSync(join(dir, path), at, at);
};

const run = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(dir, 'bin/license-portal-sim.js'), ...args], { encoding: 'utf8' });

describe('The bin runs the compiled CLI in the package, and never stale code in a clone', () => {
  it('the npm package (dist/, no src/): the bundle, with the arguments and its exit code', () => {
    const r = run(layout({ dist: true, bundle: true }), 'scenario', 'validate', 'x.yaml');
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'bundle scenario validate x.yaml\n', '']);
  });

  it('the healthcheck, every few seconds in a container, and a dist/ tsc wrote after the bundle: dist/cli.js', () => {
    const dir = layout({ dist: true, bundle: true });
    expect(run(dir, 'healthcheck').stdout).toBe('dist healthcheck\n');
    touch(dir, 1_000, 'dist/bundle/cli.mjs');
    touch(dir, 2_000, 'dist/cli.js');
    expect(run(dir, 'openapi').stdout).toBe('dist openapi\n');
  });

  it('a fresh clone after npm ci (src/, no dist/): src/ bundled into node_modules/.cache, once', () => {
    const dir = layout({ src: true, packages: true, bundler: true });
    const r = run(dir, '--help');
    expect([r.status, r.stdout, r.stderr]).toEqual([3, 'src --help\n', '']);
    const bundle = cachedBundle(dir) as string;
    const made = statSync(bundle).mtimeMs;
    expect(run(dir, 'openapi').stdout).toBe('src openapi\n');
    expect(statSync(bundle).mtimeMs).toBe(made);
  });

  it('a change under src/ after the last bundle: bundled again, the new code runs', () => {
    const dir = layout({ src: true, packages: true, bundler: true });
    touch(dir, 1_000, 'src/cli.ts', 'src/domain/rules.ts', 'src/domain', 'src');
    expect(run(dir).stdout).toBe('src \n');
    writeSource(dir, 'changed');
    touch(dir, 2_000, 'src/cli.ts');
    expect(run(dir).stdout).toBe('changed \n');
  });

  it('without the bundler: src/ through tsx', () => {
    const r = run(layout({ src: true, packages: true }), '--help');
    expect([r.status, r.stdout]).toEqual([3, 'src --help\n']);
  });

  it('a clone built after its last change: dist/', () => {
    const dir = layout({ src: true, dist: true, bundle: true, packages: true, bundler: true });
    touch(dir, 1_000, 'src/cli.ts', 'src/domain/rules.ts', 'src/domain', 'src');
    touch(dir, 2_000, 'dist/cli.js', 'dist/bundle/cli.mjs');
    expect(run(dir, 'openapi').stdout).toBe('bundle openapi\n');
  });

  it('a clone changed after the build, however deep the change: src/', () => {
    const dir = layout({ src: true, dist: true, bundle: true, packages: true, bundler: true });
    touch(dir, 1_000, 'src/cli.ts', 'src/domain', 'src');
    touch(dir, 2_000, 'dist/cli.js', 'dist/bundle/cli.mjs');
    touch(dir, 3_000, 'src/domain/rules.ts');
    expect(run(dir, 'openapi').stdout).toBe('src openapi\n');
  });

  it('a file deleted from src/ after the build counts as a change (its folder changed): src/', () => {
    const dir = layout({ src: true, dist: true, packages: true, bundler: true });
    touch(dir, 1_000, 'src/cli.ts', 'src/domain/rules.ts', 'src');
    touch(dir, 2_000, 'dist/cli.js');
    touch(dir, 3_000, 'src/domain');
    expect(run(dir).stdout).toBe('src \n');
  });

  it('stale or missing dist/ without the bundler or tsx: exit code 1, and what to run', () => {
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
