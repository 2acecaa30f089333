import { buildApp, DEFAULT_SANDBOX } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ScenarioError } from './domain/scenario.js';
import { listUsers } from './services/users.js';

try {
  const config = loadConfig(process.env);
  const { app, context, boot } = await buildApp({
    dataDir: config.dataDir,
    adminToken: config.adminToken,
    seed: config.seed,
    scenariosDir: config.scenariosDir,
    sandboxCacheSize: config.sandboxCacheSize,
    smtpUrl: config.smtpUrl,
    logger: { level: config.logLevel },
    ssh: config.ssh,
  });
  // Listening first lets orchestrators watch /readyz turn 200 once the scenarios are in.
  const address = await app.listen({ port: config.port, host: config.host });
  let scenarios: string[];
  try {
    ({ scenarios } = await boot());
  } catch (err) {
    await app.close();
    throw err;
  }
  const users = listUsers(context.sandboxes.open(DEFAULT_SANDBOX));
  // The banner goes to the terminal, not the log: tokens are never logged.
  process.stdout.write(
    `license-portal-sim listening on ${address} (portal: ${address}/portal/, docs: ${address}/docs, data: ${config.dataDir})\n` +
      (scenarios.length > 0 ? `sandboxes from ${config.scenariosDir}: ${scenarios.join(', ')}\n` : '') +
      `default sandbox users:\n${users.map((u) => `  ${u.ccoId.padEnd(10)} ${u.email.padEnd(28)} token ${u.token}`).join('\n')}\n`,
  );
  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: closing`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  if (err instanceof ScenarioError) {
    console.error(`Cannot load the scenarios in SCENARIOS_DIR:\n${err.message}`);
    process.exit(2);
  }
  throw err;
}
