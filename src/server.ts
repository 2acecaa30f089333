import { buildApp, DEFAULT_SANDBOX } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { listUsers } from './services/users.js';

try {
  const config = loadConfig(process.env);
  const { app, context } = await buildApp({
    dataDir: config.dataDir,
    adminToken: config.adminToken,
    seed: config.seed,
    sandboxCacheSize: config.sandboxCacheSize,
    logger: { level: config.logLevel },
  });
  const address = await app.listen({ port: config.port, host: config.host });
  const users = listUsers(context.sandboxes.open(DEFAULT_SANDBOX));
  // The banner goes to the terminal, not the log: tokens are never logged.
  process.stdout.write(
    `license-portal-sim listening on ${address} (portal: ${address}/portal/, docs: ${address}/docs, data: ${config.dataDir})\n` +
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
  throw err;
}
