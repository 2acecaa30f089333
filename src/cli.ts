/** The `license-portal-sim` command: serve, healthcheck, scenario validate, openapi. */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { CONFIG_VARS, ConfigError, loadConfig, reachableHost } from './config.js';

// The server modules load only for the commands that need them: the healthcheck, run every few
// seconds in a container, stays a light process.
const server = () => import('./server.js');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** serve: close on SIGINT/SIGTERM and exit (off in tests that run serve in-process). */
  handleSignals: boolean;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  handleSignals: true,
};

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The serve flags override the environment variables they mirror; loadConfig validates the result. */
function envWithFlags(env: NodeJS.ProcessEnv, flags: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged = { ...env };
  for (const v of CONFIG_VARS) {
    const value = flags[camel(v.flag)];
    if (value !== undefined) merged[v.env] = value;
  }
  return merged;
}

const FILE_ERRORS: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOENT: 'a part of the path does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the filesystem is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EIO: 'input/output error',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
  SQLITE_READONLY: 'the database is read-only',
  SQLITE_FULL: 'the disk is full',
  SQLITE_IOERR: 'input/output error',
  SQLITE_CORRUPT: 'a database file is damaged',
  SQLITE_NOTADB: 'a file in it is not a SQLite database',
};

/** What is wrong with the data folder, when a start-up error is about files; null otherwise. */
function storageProblem(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || e.syscall === 'listen') return null;
  if (e.code === 'ENOENT' && e.syscall === 'mkdir' && e.path) {
    // A recursive mkdir on a read-only filesystem reports ENOENT; ask the deepest existing folder.
    let folder = e.path;
    while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
    try {
      accessSync(folder, constants.W_OK);
    } catch (access) {
      return storageProblem(access);
    }
  }
  const base = e.code.startsWith('SQLITE_') ? e.code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1') : e.code;
  const meaning = FILE_ERRORS[base];
  return meaning === undefined ? null : `${meaning} (${e.code}${e.path ? ` at ${e.path}` : ''})`;
}

export function createCli(io: CliIo = processIo): { program: Command; exitCode(): number } {
  let code = 0;
  const program = new Command('license-portal-sim')
    .description('A simulated Cisco License Registration Portal for tests, training and demos')
    .version(version)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError();

  // serve is what runs when no command is given: `license-portal-sim --port 4000`, and npm start.
  const serve = program
    .command('serve', { isDefault: true })
    .description(
      'Start the portal, the default command (each flag overrides the environment variable it mirrors)',
    )
    .allowExcessArguments()
    .action(async (flags: Record<string, string | undefined>) => {
      // serve takes no arguments: without a command, a first word that names none is a mistyped command.
      const [extra] = serve.args;
      if (extra !== undefined) {
        if (program.args[0] === 'serve') serve.error(`error: too many arguments for 'serve'`);
        program.error(`error: unknown command '${extra}'`, { code: 'commander.unknownCommand' });
      }
      let config;
      try {
        config = loadConfig(envWithFlags(io.env, flags));
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        io.err(`${err.message}\n`);
        code = 2;
        return;
      }
      const { banner, closeOnSignals, startServer } = await server();
      const { ScenarioError } = await import('./domain/scenario.js');
      let running;
      try {
        running = await startServer(config);
      } catch (err) {
        if (err instanceof ScenarioError) {
          io.err(`Cannot load the scenarios in SCENARIOS_DIR:\n${err.message}\n`);
          code = 2;
          return;
        }
        const storage = storageProblem(err);
        if (storage !== null) {
          io.err(`Cannot use the data folder DATA_DIR ${resolve(config.dataDir)}: ${storage}\n`);
          code = 2;
          return;
        }
        const e = err as NodeJS.ErrnoException;
        if (e.code !== 'EADDRINUSE' && e.code !== 'EADDRNOTAVAIL' && e.code !== 'EACCES') throw err;
        io.err(
          `cannot listen on ${config.host}:${config.port}: ${e.code} (set --port / PORT, --host / HOST)\n`,
        );
        code = 1;
        return;
      }
      io.out(banner(running));
      if (io.handleSignals) closeOnSignals(running);
    });
  for (const v of CONFIG_VARS) {
    serve.addOption(
      new Option(`--${v.flag} <${v.value}>`, `${v.description} (default: ${v.default}; env: ${v.env})`),
    );
  }

  program
    .command('healthcheck')
    .description(
      'Exit 0 when the server on HOST:PORT answers /readyz with 200, 1 otherwise (Docker HEALTHCHECK)',
    )
    .option('--host <address>', 'where the server listens (default: 127.0.0.1; env: HOST)')
    .option('--port <number>', 'its port (default: 3000; env: PORT)')
    .option('--timeout <ms>', 'give up after this long', '3000')
    .action(async (opts: { host?: string; port?: string; timeout: string }) => {
      const host = opts.host ?? (io.env.HOST?.trim() || '127.0.0.1');
      const url = `http://${reachableHost(host)}:${opts.port ?? (io.env.PORT?.trim() || '3000')}/readyz`;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(Number(opts.timeout)) });
        const body = await res.text();
        if (res.status === 200) {
          io.out(`ok: ${url} ${body}\n`);
          return;
        }
        io.err(`not ready: ${url} answered ${res.status} ${body}\n`);
      } catch (err) {
        io.err(`not ready: ${url}: ${(err as Error).cause ?? (err as Error).message}\n`);
      }
      code = 1;
    });

  program
    .command('scenario')
    .description('Scenario files (the SCENARIOS_DIR format; JSON Schema in schemas/scenario.schema.json)')
    .command('validate')
    .description(
      'Check scenario files as serve would load them: schema, catalog, dates and references (exit 0 when all are valid, 2 otherwise)',
    )
    .argument('<file...>', 'scenario files (.yaml, .yml or .json)')
    .action(async (files: string[]) => {
      const { ScenarioError } = await import('./domain/scenario.js');
      const { readScenarioFile, scenarioSummary } = await import('./services/scenario-files.js');
      const { buildApp } = await import('./app.js');
      // Seeding each scenario into a throw-away in-memory sandbox finds what the schema cannot say.
      const { app, context } = await buildApp({ dataDir: ':memory:', adminToken: null, seed: 'none' });
      for (const file of files) {
        try {
          const scenario = await readScenarioFile(file);
          context.sandboxes.loadScenarioFiles([scenario]);
          io.out(`${scenarioSummary(scenario)}\n`);
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          io.err(`${err.message}\n`);
          code = 2;
        }
      }
      await app.close();
    });

  program
    .command('openapi')
    .description('Print the OpenAPI document (JSON) to standard output')
    .action(async () => {
      const { buildApp } = await import('./app.js');
      const { openapiText } = await import('./http/openapi.js');
      const { app } = await buildApp({ dataDir: ':memory:', adminToken: null, seed: 'none' });
      await app.ready();
      io.out(openapiText(app));
      await app.close();
    });

  return { program, exitCode: () => code };
}

/** Runs the command line; resolves with the exit code (serve resolves once listening). */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const { program, exitCode } = createCli(io);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
  return exitCode();
}
