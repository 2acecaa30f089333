/** Environment variables → typed configuration, validated once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  adminToken: string | null;
  seed: 'demo' | 'none';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logFormat: 'auto' | 'json' | 'pretty';
  sandboxCacheSize: number;
  /** A folder of scenario files (JSON or YAML) loaded at start, one sandbox each. */
  scenariosDir: string | null;
  /** Every captured message is also delivered to this SMTP server (smtp:// or smtps://). */
  smtpUrl: string | null;
  ssh: SshConfig;
  /** TRUST_PROXY: believe X-Forwarded-Proto/-For from the proxy in front (cookies get Secure over https). */
  trustProxy: boolean;
  limits: Limits;
}

/** Caps on what requests hold open or send in, so that no tenant can stall the others. */
export interface Limits {
  /** Mailbox `?wait=` requests open at once in one sandbox (more: 429) and in all (more: 503). */
  waitsPerSandbox: number;
  waitsTotal: number;
  /** Event streams open at once in one sandbox (more: 429) and in all (more: 503). */
  streamsPerSandbox: number;
  streamsTotal: number;
  /** Bytes a snapshot import may send (more: 413). */
  importMaxBytes: number;
  /** Time a snapshot import's upload may take to arrive whole (slower: 408). */
  importTimeoutMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  waitsPerSandbox: 100,
  waitsTotal: 1000,
  streamsPerSandbox: 20,
  streamsTotal: 200,
  importMaxBytes: 256 * 1024 * 1024,
  importTimeoutMs: 120_000,
};

/** The simulated ASAs' SSH listeners: one port per device, from a range. */
export interface SshConfig {
  enabled: boolean;
  host: string;
  /** Inclusive; { from: 0, to: 0 } lets the operating system pick each port. */
  ports: { from: number; to: number };
  idleTimeoutMs: number;
  /** A connection that has not logged in this long after connecting is closed. */
  loginTimeoutMs: number;
  /** Characters one command line may hold. */
  maxLineLength: number;
  /** Concurrent SSH sessions per device (the ASA allows 5). */
  maxSessions: number;
  /** Concurrent SSH connections to all simulated ASAs, logged in or not. */
  maxConnections: number;
}

export { CONFIG_VARS, type ConfigVar } from './config-vars.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
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

/** Where to reach a server listening on `host`: a wildcard address is reached (and shown) as loopback. */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
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
  const logFormat = (env.LOG_FORMAT?.trim() || 'auto') as Config['logFormat'];
  if (!LOG_FORMATS.includes(logFormat))
    problems.push(`LOG_FORMAT=${env.LOG_FORMAT}: must be one of ${LOG_FORMATS.join(', ')}`);
  const sandboxCacheSize = int('SANDBOX_CACHE_SIZE', 200, 1, 100_000);
  const scenariosDir = env.SCENARIOS_DIR?.trim() || null;
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl !== null && !isSmtpUrl(smtpUrl))
    // The value is not echoed: it may hold a password.
    problems.push('SMTP_URL: must be smtp://host:port or smtps://host:port (user:password@ optional)');
  const ssh = loadSshConfig(env, problems, int);
  const trustProxy = flag(env, 'TRUST_PROXY', false, problems);
  const limits: Limits = {
    waitsPerSandbox: int('MAIL_WAITS_PER_SANDBOX', DEFAULT_LIMITS.waitsPerSandbox, 1, 100_000),
    waitsTotal: int('MAIL_WAITS_TOTAL', DEFAULT_LIMITS.waitsTotal, 1, 1_000_000),
    streamsPerSandbox: int('EVENT_STREAMS_PER_SANDBOX', DEFAULT_LIMITS.streamsPerSandbox, 1, 100_000),
    streamsTotal: int('EVENT_STREAMS_TOTAL', DEFAULT_LIMITS.streamsTotal, 1, 1_000_000),
    importMaxBytes: int('IMPORT_MAX_MB', 256, 1, 1_000_000) * 1024 * 1024,
    importTimeoutMs: int('IMPORT_TIMEOUT', DEFAULT_LIMITS.importTimeoutMs / 1000, 1, 86_400) * 1000,
  };
  if (ssh.enabled && !isLoopback(ssh.host) && adminToken === null) {
    problems.push(
      `SSH_HOST=${ssh.host} is reachable from other machines, and simulated ASAs have well-known passwords: set ADMIN_TOKEN (16+ characters), or use SSH_HOST=127.0.0.1`,
    );
  }
  if (!isLoopback(host) && adminToken === null) {
    problems.push(
      `HOST=${host} is reachable from other machines, so the control plane needs a password: set ADMIN_TOKEN (16+ characters, e.g. ADMIN_TOKEN=$(openssl rand -hex 16), or docker run -e ADMIN_TOKEN=...), or use HOST=127.0.0.1`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    adminToken,
    seed,
    logLevel,
    logFormat,
    sandboxCacheSize,
    scenariosDir,
    smtpUrl,
    ssh,
    trustProxy,
    limits,
  };
}

const DURATION = /^(\d+)(s|m|h)$/;
const DURATION_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** A duration variable such as 90s, 5m or 1h (never 0). */
function duration(env: NodeJS.ProcessEnv, name: string, fallback: string, problems: string[]): number {
  const raw = env[name]?.trim() || fallback;
  const m = DURATION.exec(raw);
  const ms = m ? Number(m[1]) * (DURATION_MS[m[2] as string] as number) : 0;
  if (ms === 0) {
    problems.push(`${name}=${raw}: must be a duration such as 90s, 5m or 1h`);
    return Number(fallback.slice(0, -1)) * (DURATION_MS[fallback.slice(-1)] as number);
  }
  return ms;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') problems.push(`${name}=${env[name]}: must be "true" or "false"`);
  return raw === 'true';
}

function loadSshConfig(
  env: NodeJS.ProcessEnv,
  problems: string[],
  int: (name: string, fallback: number, min: number, max: number) => number,
): SshConfig {
  const enabledRaw = env.SSH_ENABLED?.trim().toLowerCase() || 'true';
  if (enabledRaw !== 'true' && enabledRaw !== 'false')
    problems.push(`SSH_ENABLED=${env.SSH_ENABLED}: must be "true" or "false"`);
  const host = env.SSH_HOST?.trim() || '127.0.0.1';
  const rangeRaw = env.SSH_PORT_RANGE?.trim() || '2200-2299';
  let ports = { from: 2200, to: 2299 };
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(rangeRaw);
  const from = Number(m?.[1]);
  const to = Number(m?.[2] ?? m?.[1]);
  if (!m || from > to || to > 65535 || (from === 0 && to !== 0)) {
    problems.push(
      `SSH_PORT_RANGE=${rangeRaw}: must be FROM-TO (e.g. 2200-2299), or 0 for ports the system picks`,
    );
  } else {
    ports = { from, to };
  }
  return {
    enabled: enabledRaw !== 'false',
    host,
    ports,
    idleTimeoutMs: duration(env, 'SSH_IDLE_TIMEOUT', '5m', problems),
    loginTimeoutMs: duration(env, 'SSH_LOGIN_TIMEOUT', '30s', problems),
    maxLineLength: int('SSH_MAX_LINE', 1024, 16, 1_000_000),
    maxSessions: int('SSH_MAX_SESSIONS', 5, 1, 100),
    maxConnections: int('SSH_MAX_CONNECTIONS', 100, 1, 100_000),
  };
}
