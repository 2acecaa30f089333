/** config -> buildApp -> listen; graceful close. The CLI's `serve` and the library's startPortal use it. */
import { resolve } from 'node:path';
import { buildApp, type AppOptions } from './app.js';
import { DEFAULT_SANDBOX, VERSION } from './domain/defaults.js';
import { reachableHost, type Config } from './config.js';
import type { App, RouteContext } from './http/context.js';
import { loggerOptions } from './logging.js';
import { listUsers } from './services/users.js';
import { IN_MEMORY } from './storage/sandbox-databases.js';

export interface RunningServer {
  app: App;
  context: RouteContext;
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  config: Config;
  /** Sandboxes loaded from SCENARIOS_DIR at boot. */
  scenarios: string[];
  close(): Promise<void>;
}

/** The one place configuration becomes buildApp options. */
export function appOptions(config: Config): AppOptions {
  return {
    dataDir: config.dataDir,
    adminToken: config.adminToken,
    seed: config.seed,
    scenariosDir: config.scenariosDir,
    sandboxCacheSize: config.sandboxCacheSize,
    smtpUrl: config.smtpUrl,
    ssh: config.ssh,
    trustProxy: config.trustProxy,
    limits: config.limits,
    logger: loggerOptions(config),
  };
}

/**
 * Builds the app, listens, then boots it (scenarios, the default sandbox, the simulated ASAs):
 * listening first lets orchestrators watch /readyz turn 200 once the scenarios are in.
 */
export async function startServer(
  config: Config,
  overrides: Partial<AppOptions> = {},
): Promise<RunningServer> {
  const { app, context, boot } = await buildApp({ ...appOptions(config), ...overrides });
  let scenarios: string[];
  try {
    await app.listen({ port: config.port, host: config.host });
    ({ scenarios } = await boot());
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${reachableHost(config.host)}:${port}`;
  return { app, context, url, config, scenarios, close: () => app.close() };
}

/**
 * What a person needs to start clicking: where it listens, the portal and the docs, the users and their
 * tokens, the data. It goes to the terminal, not the log: tokens are never logged.
 */
export function banner(server: RunningServer): string {
  const { config, url } = server;
  const users = listUsers(server.context.sandboxes.open(DEFAULT_SANDBOX));
  const data = config.dataDir === IN_MEMORY ? 'in memory (lost on exit)' : resolve(config.dataDir);
  const lines = [
    `license-portal-sim ${VERSION} listening on ${url}`,
    `  web portal:    ${url}/portal/`,
    `  API docs:      ${url}/docs  (OpenAPI: ${url}/openapi.json)`,
    `  data:          ${data}`,
    `  control plane: ${url}/__admin ${config.adminToken ? '(Authorization: Bearer <ADMIN_TOKEN>)' : '(open: no ADMIN_TOKEN set)'}`,
  ];
  if (server.scenarios.length > 0)
    lines.push(`  sandboxes from ${config.scenariosDir}: ${server.scenarios.join(', ')}`);
  if (users.length === 0) {
    lines.push(`  sandbox "${DEFAULT_SANDBOX}" has no users (SEED=none)`);
  } else {
    lines.push(`  sandbox "${DEFAULT_SANDBOX}" users (portal API: Authorization: Bearer <token>):`);
    for (const u of users) lines.push(`    ${u.ccoId.padEnd(10)} ${u.email.padEnd(28)} ${u.token}`);
  }
  return `${lines.join('\n')}\n`;
}

/** SIGINT/SIGTERM close the server (in-flight requests finish, databases close) and end the process. */
export function closeOnSignals(server: RunningServer): void {
  const shutdown = (signal: string) => {
    server.app.log.info(`${signal}: closing`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
