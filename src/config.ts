/** Environment variables → typed configuration, validated once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  adminToken: string | null;
  seed: 'demo' | 'none';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sandboxCacheSize: number;
  /** A folder of scenario files (JSON or YAML) loaded at start, one sandbox each. */
  scenariosDir: string | null;
  /** Every captured message is also delivered to this SMTP server (smtp:// or smtps://). */
  smtpUrl: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost|\[::1\])$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

function isSmtpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${raw}: must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const port = int('PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = env.DATA_DIR?.trim() || './data';
  const adminToken = env.ADMIN_TOKEN?.trim() || null;
  if (adminToken !== null && adminToken.length < 16)
    problems.push('ADMIN_TOKEN: must be at least 16 characters');
  const seed = (env.SEED?.trim() || 'demo') as Config['seed'];
  if (seed !== 'demo' && seed !== 'none') problems.push(`SEED=${env.SEED}: must be "demo" or "none"`);
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL=${env.LOG_LEVEL}: must be one of ${LOG_LEVELS.join(', ')}`);
  const sandboxCacheSize = int('SANDBOX_CACHE_SIZE', 200, 1, 100_000);
  const scenariosDir = env.SCENARIOS_DIR?.trim() || null;
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl !== null && !isSmtpUrl(smtpUrl))
    // The value is not echoed: it may hold a password.
    problems.push('SMTP_URL: must be smtp://host:port or smtps://host:port (user:password@ optional)');
  if (!isLoopback(host) && adminToken === null) {
    problems.push(
      `HOST=${host} is reachable from other machines, so the control plane needs a password: set ADMIN_TOKEN (16+ characters), or use HOST=127.0.0.1`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { port, host, dataDir, adminToken, seed, logLevel, sandboxCacheSize, scenariosDir, smtpUrl };
}
