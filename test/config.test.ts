import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_VARS, ConfigError, loadConfig } from '../src/config.js';

describe('Configuration from environment variables, validated once', () => {
  it('defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      adminToken: null,
      seed: 'demo',
      logLevel: 'info',
      logFormat: 'auto',
      sandboxCacheSize: 200,
      scenariosDir: null,
      smtpUrl: null,
      ssh: {
        enabled: true,
        host: '127.0.0.1',
        ports: { from: 2200, to: 2299 },
        idleTimeoutMs: 300_000,
        loginTimeoutMs: 30_000,
        maxLineLength: 1024,
        maxSessions: 5,
        maxConnections: 100,
      },
      trustProxy: false,
      limits: {
        waitsPerSandbox: 100,
        waitsTotal: 1000,
        streamsPerSandbox: 20,
        streamsTotal: 200,
        importMaxBytes: 256 * 1024 * 1024,
        importTimeoutMs: 120_000,
      },
    });
  });

  it('refuses to start on a non-loopback HOST without ADMIN_TOKEN, saying how to fix it', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/set ADMIN_TOKEN/);
    expect(loadConfig({ HOST: '0.0.0.0', ADMIN_TOKEN: 'sixteen-chars-at-least' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', SEED: 'lots', LOG_LEVEL: 'loud', LOG_FORMAT: 'xml' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'PORT=eighty: must be a whole number from 0 to 65535',
        'SEED=lots: must be "demo" or "none"',
        'LOG_LEVEL=loud: must be one of fatal, error, warn, info, debug, trace, silent',
        'LOG_FORMAT=xml: must be one of auto, json, pretty',
      ]);
    }
  });

  it('SCENARIOS_DIR names a folder of scenario files to load at start', () => {
    expect(loadConfig({ SCENARIOS_DIR: ' ./scenarios ' }).scenariosDir).toBe('./scenarios');
    expect(loadConfig({ SCENARIOS_DIR: '' }).scenariosDir).toBeNull();
  });

  it('DATA_DIR=:memory: keeps everything in memory; SEED=none', () => {
    expect(loadConfig({ DATA_DIR: ':memory:', SEED: 'none' })).toMatchObject({
      dataDir: ':memory:',
      seed: 'none',
    });
  });

  it('SMTP_URL: an smtp:// or smtps:// URL relays captured mail; anything else is refused', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:1025' }).smtpUrl).toBe('smtp://127.0.0.1:1025');
    expect(loadConfig({ SMTP_URL: 'smtps://user:secret@mail.example.com:465' }).smtpUrl).toBe(
      'smtps://user:secret@mail.example.com:465',
    );
    for (const bad of ['http://127.0.0.1:1025', '127.0.0.1:1025', 'smtp://', 'smtp://user:secret@']) {
      expect(() => loadConfig({ SMTP_URL: bad }), bad).toThrow(
        'SMTP_URL: must be smtp://host:port or smtps://host:port (user:password@ optional)',
      );
    }
    // A password in a bad URL is not printed.
    expect(() => loadConfig({ SMTP_URL: 'smtp://user:secret@' })).not.toThrow(/secret/);
  });

  it('simulated ASAs listen for SSH on loopback ports from SSH_PORT_RANGE; 0 lets the system pick', () => {
    expect(
      loadConfig({
        SSH_ENABLED: 'false',
        SSH_PORT_RANGE: '0',
        SSH_IDLE_TIMEOUT: '90s',
        SSH_MAX_SESSIONS: '2',
      }).ssh,
    ).toEqual({
      enabled: false,
      host: '127.0.0.1',
      ports: { from: 0, to: 0 },
      idleTimeoutMs: 90_000,
      loginTimeoutMs: 30_000,
      maxLineLength: 1024,
      maxSessions: 2,
      maxConnections: 100,
    });
    expect(loadConfig({ SSH_PORT_RANGE: '2222' }).ssh.ports).toEqual({ from: 2222, to: 2222 });
  });

  it('refuses bad SSH settings, and SSH beyond loopback without ADMIN_TOKEN', () => {
    try {
      loadConfig({
        SSH_ENABLED: 'yes',
        SSH_PORT_RANGE: '2299-2200',
        SSH_IDLE_TIMEOUT: 'soon',
        SSH_MAX_SESSIONS: '0',
      });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'SSH_ENABLED=yes: must be "true" or "false"',
        'SSH_PORT_RANGE=2299-2200: must be FROM-TO (e.g. 2200-2299), or 0 for ports the system picks',
        'SSH_IDLE_TIMEOUT=soon: must be a duration such as 90s, 5m or 1h',
        'SSH_MAX_SESSIONS=0: must be a whole number from 1 to 100',
      ]);
    }
    expect(() => loadConfig({ SSH_HOST: '0.0.0.0' })).toThrow(
      /SSH_HOST=0.0.0.0 is reachable from other machines/,
    );
    expect(loadConfig({ SSH_HOST: '0.0.0.0', SSH_ENABLED: 'false' }).ssh.host).toBe('0.0.0.0');
  });
});

describe('One table of variables drives the serve flags and the documentation', () => {
  it('loadConfig reads no variable missing from CONFIG_VARS (add a row for each new one)', () => {
    const read = new Set<string>();
    const env = new Proxy({} as NodeJS.ProcessEnv, {
      get: (_target, name) => {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    });
    loadConfig(env);
    expect([...read].sort()).toEqual(CONFIG_VARS.map((v) => v.env).sort());
  });

  it('each flag is the variable in kebab case, and docs/configuration.md lists each variable', () => {
    const page = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');
    for (const v of CONFIG_VARS) {
      expect(v.flag).toBe(v.env.toLowerCase().replaceAll('_', '-'));
      expect(page).toContain(`| \`${v.env}\` | \`${v.default}\` |`);
    }
  });
});
