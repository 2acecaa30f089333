/**
 * Every environment variable, once: the CLI's `serve` flags are generated from this table (flag, value
 * name and help text), and a test checks that loadConfig reads no variable missing here and that the
 * configuration table of docs/configuration.md lists each one. Add a row when you add a variable.
 */
export interface ConfigVar {
  env: string;
  /** The `serve` flag, without the leading dashes. */
  flag: string;
  /** The value's name in `--help`. */
  value: string;
  default: string;
  description: string;
}

export const CONFIG_VARS: readonly ConfigVar[] = [
  {
    env: 'PORT',
    flag: 'port',
    value: 'number',
    default: '3000',
    description: 'TCP port (0 picks a free one)',
  },
  {
    env: 'HOST',
    flag: 'host',
    value: 'address',
    default: '127.0.0.1',
    description: 'listen address; anything but loopback requires ADMIN_TOKEN',
  },
  {
    env: 'DATA_DIR',
    flag: 'data-dir',
    value: 'path',
    default: './data',
    description: 'where the SQLite files live; :memory: keeps everything in memory',
  },
  {
    env: 'ADMIN_TOKEN',
    flag: 'admin-token',
    value: 'token',
    default: 'none',
    description: 'password (16+ characters) for /__admin: Authorization: Bearer <ADMIN_TOKEN>',
  },
  {
    env: 'SEED',
    flag: 'seed',
    value: 'demo|none',
    default: 'demo',
    description: 'demo seeds the default sandbox with the demo scenario; none leaves it empty',
  },
  {
    env: 'LOG_LEVEL',
    flag: 'log-level',
    value: 'level',
    default: 'info',
    description: 'fatal, error, warn, info, debug, trace or silent',
  },
  {
    env: 'LOG_FORMAT',
    flag: 'log-format',
    value: 'auto|json|pretty',
    default: 'auto',
    description: 'pretty (human-readable) or json (one object per line); auto: pretty on a terminal',
  },
  {
    env: 'SANDBOX_CACHE_SIZE',
    flag: 'sandbox-cache-size',
    value: 'number',
    default: '200',
    description: 'open sandbox databases kept in memory (least recently used closed first)',
  },
  {
    env: 'SCENARIOS_DIR',
    flag: 'scenarios-dir',
    value: 'path',
    default: 'none',
    description: 'a folder of scenario files (*.yaml, *.yml, *.json) loaded at start, one sandbox each',
  },
  {
    env: 'SMTP_URL',
    flag: 'smtp-url',
    value: 'url',
    default: 'none',
    description: 'relay every captured message to this SMTP server too (smtp:// or smtps://)',
  },
  {
    env: 'SSH_ENABLED',
    flag: 'ssh-enabled',
    value: 'true|false',
    default: 'true',
    description: 'simulated ASAs listen for SSH',
  },
  {
    env: 'SSH_HOST',
    flag: 'ssh-host',
    value: 'address',
    default: '127.0.0.1',
    description: 'address the simulated ASAs listen on; anything but loopback requires ADMIN_TOKEN',
  },
  {
    env: 'SSH_PORT_RANGE',
    flag: 'ssh-port-range',
    value: 'from-to',
    default: '2200-2299',
    description: 'one port per simulated ASA, first free first; 0 lets the system pick each port',
  },
  {
    env: 'SSH_IDLE_TIMEOUT',
    flag: 'ssh-idle-timeout',
    value: 'duration',
    default: '5m',
    description: 'an SSH session with no input for this long is closed (90s, 5m, 1h)',
  },
  {
    env: 'SSH_MAX_SESSIONS',
    flag: 'ssh-max-sessions',
    value: 'number',
    default: '5',
    description: 'concurrent SSH sessions per simulated ASA; more are refused',
  },
  {
    env: 'SSH_MAX_CONNECTIONS',
    flag: 'ssh-max-connections',
    value: 'number',
    default: '100',
    description: 'concurrent SSH connections to all simulated ASAs, logged in or not; more are refused',
  },
  {
    env: 'SSH_LOGIN_TIMEOUT',
    flag: 'ssh-login-timeout',
    value: 'duration',
    default: '30s',
    description: 'an SSH connection that has not logged in this long after connecting is closed',
  },
  {
    env: 'SSH_MAX_LINE',
    flag: 'ssh-max-line',
    value: 'number',
    default: '1024',
    description: 'characters one CLI line may hold; typing past it rings the bell',
  },
  {
    env: 'MAIL_WAITS_PER_SANDBOX',
    flag: 'mail-waits-per-sandbox',
    value: 'number',
    default: '100',
    description: 'mailbox ?wait= requests open at once in one sandbox; more answer 429 TOO_MANY_WAITS',
  },
  {
    env: 'MAIL_WAITS_TOTAL',
    flag: 'mail-waits-total',
    value: 'number',
    default: '1000',
    description: 'mailbox ?wait= requests open at once in all sandboxes; more answer 503 SERVER_BUSY',
  },
  {
    env: 'EVENT_STREAMS_PER_SANDBOX',
    flag: 'event-streams-per-sandbox',
    value: 'number',
    default: '20',
    description: 'event streams open at once in one sandbox; more answer 429 TOO_MANY_EVENT_STREAMS',
  },
  {
    env: 'EVENT_STREAMS_TOTAL',
    flag: 'event-streams-total',
    value: 'number',
    default: '200',
    description: 'event streams open at once in all sandboxes; more answer 503 SERVER_BUSY',
  },
  {
    env: 'IMPORT_MAX_MB',
    flag: 'import-max-mb',
    value: 'number',
    default: '256',
    description:
      'megabytes a snapshot import may send; more answer 413 SNAPSHOT_TOO_LARGE (the body is streamed to a temporary file)',
  },
  {
    env: 'IMPORT_TIMEOUT',
    flag: 'import-timeout',
    value: 'seconds',
    default: '120',
    description:
      'seconds a snapshot import may take to upload; a slower one answers 408 SNAPSHOT_UPLOAD_TIMEOUT and its temporary file is removed',
  },
  {
    env: 'TRUST_PROXY',
    flag: 'trust-proxy',
    value: 'true|false',
    default: 'false',
    description:
      'believe X-Forwarded-Proto/-For from a TLS proxy in front: portal cookies get Secure when it says https',
  },
];
