import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../src/cli.js';
import { CONFIG_VARS } from '../src/config.js';
import { startPortal, type Portal } from '../src/portal.js';

const root = fileURLToPath(new URL('../', import.meta.url));

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), env, handleSignals: false };
  const code = await runCli(['node', 'license-portal-sim', ...args], io);
  return { code, out, err };
}

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal({ seed: 'none' });
});
afterAll(() => portal.close());

describe('license-portal-sim --help, on every command', () => {
  it('lists the commands', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['serve', 'healthcheck', 'scenario', 'openapi'])
      expect(r.out).toContain(`  ${command}`);
  });

  it('serve --help shows one flag per environment variable, with its default and variable', async () => {
    const r = await cli(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: license-portal-sim serve [options]');
    const text = r.out.replace(/\s+/g, ' ');
    for (const v of CONFIG_VARS) {
      expect(text).toContain(`--${v.flag} <${v.value}>`);
      expect(text).toContain(`(default: ${v.default}; env: ${v.env})`);
    }
  });

  it('healthcheck --help and openapi --help', async () => {
    expect((await cli(['healthcheck', '--help'])).out).toContain('Usage: license-portal-sim healthcheck');
    expect((await cli(['openapi', '--help'])).out).toContain('Usage: license-portal-sim openapi');
    expect((await cli(['scenario', 'validate', '--help'])).out).toContain(
      'Usage: license-portal-sim scenario validate [options] <file...>',
    );
  });

  it('--version is the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await cli(['--version'])).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });

  it('an unknown command fails with exit code 1 and the help', async () => {
    const r = await cli(['serv']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error: unknown command 'serv'");
  });
});

describe('serve is the default command', () => {
  it('flags without a command go to serve (here refused before listening, as serve refuses them)', async () => {
    const r = await cli(['--port', 'eighty'], { PORT: '3000' });
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'Invalid configuration:\n  - PORT=eighty: must be a whole number from 0 to 65535\n',
    });
  });

  it('--help still lists the commands', async () => {
    expect((await cli(['--help'])).out).toContain('serve [options]');
  });

  it('serve takes no arguments: exit code 1, nothing started', async () => {
    const r = await cli(['serve', 'lab.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error: too many arguments for 'serve'");
  });

  it(
    'npm start -- <command> runs that command (npm start is the CLI from the sources)',
    { timeout: 60_000 },
    () => {
      const file = join(root, 'examples/vitest-consumer/scenarios/training.yaml');
      const r = spawnSync('npm', ['start', '--silent', '--', 'scenario', 'validate', file], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^ok: ${file}: sandbox training \\(\\d+ users, \\d+ orders\\)\n$`));
      expect(r.status).toBe(0);
    },
  );
});

describe('serve refuses a bad configuration before listening', () => {
  it('HOST=0.0.0.0 without ADMIN_TOKEN: exit code 2, and the message says how to fix it', async () => {
    const r = await cli(['serve', '--data-dir', ':memory:'], { HOST: '0.0.0.0' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('HOST=0.0.0.0 is reachable from other machines');
    expect(r.err).toContain('set ADMIN_TOKEN (16+ characters');
    expect(r.out).toBe('');
  });

  it('a flag overrides its variable, and loadConfig validates the result', async () => {
    const r = await cli(['serve', '--port', 'eighty', '--log-format', 'xml'], { PORT: '3000' });
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'Invalid configuration:\n  - PORT=eighty: must be a whole number from 0 to 65535\n  - LOG_FORMAT=xml: must be one of auto, json, pretty\n',
    );
  });

  it('a port already in use: exit code 1 and a one-line reason', async () => {
    const port = new URL(portal.url).port;
    const r = await cli(['serve', '--port', port, '--data-dir', ':memory:', '--log-level', 'silent']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`cannot listen on 127.0.0.1:${port}: EADDRINUSE (set --port / PORT, --host / HOST)\n`);
  });
});

describe('healthcheck: exit 0 when /readyz answers 200, 1 otherwise', () => {
  it('a running server', async () => {
    const r = await cli(['healthcheck', '--port', new URL(portal.url).port]);
    expect(r).toEqual({ code: 0, out: `ok: ${portal.url}/readyz {"status":"ready"}\n`, err: '' });
  });

  it('HOST=0.0.0.0 (as in the container) is probed on loopback; PORT comes from the environment', async () => {
    const r = await cli(['healthcheck'], { HOST: '0.0.0.0', PORT: new URL(portal.url).port });
    expect(r.code).toBe(0);
  });

  it('nothing listening', async () => {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const r = await cli(['healthcheck', '--port', String(port)]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^not ready: http://127\\.0\\.0\\.1:${port}/readyz: .*ECONNREFUSED`));
  });
});

describe('scenario validate checks files as serve would load them', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lps-cli-scenarios-'));
    writeFileSync(
      join(dir, 'lab.yaml'),
      'users:\n  - ccoId: jdoe\n    email: jdoe@example.com\n    name: John\norders:\n  - ccoId: jdoe\n    lines:\n      - sku: L-AC-PLS-P-G\n',
    );
    writeFileSync(
      join(dir, 'broken.yaml'),
      'users:\n  - ccoId: jdoe\n    email: jdoe@example.com\n    name: John\norders:\n  - ccoId: jdoe\n    lines:\n      - sku: L-AC-FOO\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a good file: exit 0 and what it holds', async () => {
    const r = await cli(['scenario', 'validate', join(dir, 'lab.yaml')]);
    expect(r).toEqual({
      code: 0,
      out: `ok: ${join(dir, 'lab.yaml')}: sandbox lab (1 users, 1 orders)\n`,
      err: '',
    });
  });

  it('a part the catalog does not know (only seeding finds it): exit 2, with the file, line and path', async () => {
    const r = await cli(['scenario', 'validate', join(dir, 'lab.yaml'), join(dir, 'broken.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `${join(dir, 'broken.yaml')}:8: orders[0].lines[0].sku: L-AC-FOO is not an AnyConnect part in the catalog\n`,
    );
  });

  it('a file that is not there: exit 2, and says so', async () => {
    const r = await cli(['scenario', 'validate', join(dir, 'missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(dir, 'missing.yaml')}: cannot be read: ENOENT`);
  });
});

describe('openapi prints the document', () => {
  it('the same bytes as openapi/openapi.json', async () => {
    const r = await cli(['openapi']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8'));
  });
});

describe('serve as a process: banner, working tokens, graceful SIGTERM', () => {
  it(
    'prints the URL, docs, data location and the demo users with tokens that work; SIGTERM exits 0',
    { timeout: 90_000 },
    async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/main.ts', 'serve', '--port', '0', '--data-dir', ':memory:'],
        { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      try {
        const lines: string[] = [];
        for await (const line of createInterface({ input: child.stdout })) {
          lines.push(line);
          if (line.includes('asmith')) break;
        }
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0] ?? '')?.[1] as string;
        expect(url).toBeTruthy();
        expect(lines).toContain(`  API docs:      ${url}/docs  (OpenAPI: ${url}/openapi.json)`);
        expect(lines).toContain('  data:          in memory (lost on exit)');
        const jdoe = lines.find((l) => l.trim().startsWith('jdoe'));
        const token = jdoe?.trim().split(/\s+/)[2] as string;
        expect(token).toMatch(/^lps_/);
        expect((await fetch(`${url}/readyz`)).status).toBe(200);
        const paks = await fetch(`${url}/api/v1/paks?ids=DEMOPLS0026`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(paks.status).toBe(200);
        child.kill('SIGTERM');
        const [code] = await once(child, 'exit');
        expect(code).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  );
});
