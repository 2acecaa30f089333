/**
 * What a user of the npm package gets: `npm pack`, `npm install <tarball>` in an empty project, then the
 * installed command and the library entry, types included. Compiling better-sqlite3 there takes two
 * minutes on this machine and tests npm, not this package: by default the install skips install
 * scripts and takes this checkout's compiled better-sqlite3 (same Node, same platform);
 * PACKAGE_TEST_NATIVE_BUILD=1 compiles it as a user's install does.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'lps-package-'));
const project = join(work, 'consumer');
const bin = join(project, 'node_modules', '.bin', 'license-portal-sim');
let packed: Array<{ path: string }> = [];

beforeAll(() => {
  const [info] = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = info?.files ?? [];
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  const nativeBuild = process.env.PACKAGE_TEST_NATIVE_BUILD === '1';
  execFileSync(
    npm,
    [
      'install',
      '--no-audit',
      '--no-fund',
      ...(nativeBuild ? [] : ['--ignore-scripts']),
      join(work, info?.filename as string),
    ],
    { cwd: project, stdio: 'inherit' },
  );
  if (!nativeBuild) {
    cpSync(
      join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      join(project, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    );
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('The npm package', () => {
  it('holds the compiled code with its types and the bundled CLI, the migrations, templates, OpenAPI files and the launcher; no sources or tests', () => {
    const paths = packed.map((f) => f.path);
    for (const file of [
      'bin/license-portal-sim.js',
      'dist/cli.js',
      'dist/bundle/cli.mjs',
      'dist/index.js',
      'dist/index.d.ts',
      'migrations/registry/001_init.sql',
      'migrations/sandbox/001_init.sql',
      'templates/email/activation-key.text.hbs',
      'templates/ui/home.hbs',
      'public/portal.css',
      'schemas/scenario.schema.json',
      'openapi/openapi.json',
      'openapi/examples.json',
      'package.json',
      'README.md',
    ]) {
      expect(paths).toContain(file);
    }
    expect(paths.filter((p) => /^(src|test|scripts|examples)\//.test(p) || p.endsWith('.map'))).toEqual([]);
  });

  it('license-portal-sim --help and serve --help', () => {
    const help = spawnSync(bin, ['--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: license-portal-sim [options] [command]');
    const serve = spawnSync(bin, ['serve', '--help'], { encoding: 'utf8' });
    expect(serve.status).toBe(0);
    expect(serve.stdout).toContain('--data-dir <path>');
  });

  it('license-portal-sim serve: migrations found from the installed package, /readyz answers, SIGTERM exits 0', async () => {
    const child = spawn(bin, ['serve', '--port', '0', '--data-dir', './data', '--log-level', 'warn'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines: string[] = [];
      for await (const line of createInterface({ input: child.stdout })) {
        lines.push(line);
        if (line.includes('asmith')) break;
      }
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0] ?? '')?.[1] as string;
      expect(lines).toContain(`  data:          ${join(project, 'data')}`);
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready' });
      const health = spawnSync(bin, ['healthcheck', '--port', new URL(url).port], { encoding: 'utf8' });
      expect(health.status).toBe(0);
      expect(existsSync(join(project, 'data', 'registry.db'))).toBe(true);
      child.kill('SIGTERM');
      expect((await once(child, 'exit'))[0]).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it("import { startPortal } from 'license-portal-sim': a registration whose email renders from the packaged templates", () => {
    writeFileSync(
      join(project, 'flow.mjs'),
      `import { startPortal } from 'license-portal-sim';
const portal = await startPortal();
const sandbox = await portal.createSandbox({ frozen: true });
const res = await fetch(portal.url + '/api/v1/registrations', {
  method: 'POST',
  headers: { authorization: 'Bearer ' + sandbox.tokens.jdoe, 'content-type': 'application/json' },
  body: JSON.stringify({ paks: 'DEMOPLS0026', devices: ['JAD222605K8'], agreeToTerms: true }),
});
const mail = await portal.mailbox(sandbox.id, { subject: 'activation key' });
await portal.close();
console.log(JSON.stringify({ status: res.status, mail: mail.length }));
`,
    );
    const run = spawnSync(process.execPath, ['flow.mjs'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ status: 201, mail: 1 });
  });

  it('its declaration files type a consumer (tsc, strict, NodeNext)', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { startPortal, type Portal, type PortalSandbox } from 'license-portal-sim';
const portal: Portal = await startPortal({ seed: 'none' });
const sandbox: PortalSandbox = await portal.createSandbox({ scenario: 'empty', users: [{ ccoId: 'qa', email: 'qa@example.com', name: 'QA' }] });
const token: string | undefined = sandbox.tokens.qa;
const clock: string = (await portal.advanceClock(sandbox.id, '4h')).now;
// @ts-expect-error: the options are typed
await startPortal({ seed: 'everything' });
console.log(token, clock);
await portal.close();
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          typeRoots: [join(root, 'node_modules', '@types')],
          types: ['node'],
          skipLibCheck: true,
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
