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

  it('DATA_DIR=:memory: keeps everything in memory; SEED=none', () => {
    expect(loadConfig({ DATA_DIR: ':memory:', SEED: 'none' })).toMatchObject({
      dataDir: ':memory:',
      seed: 'none',
    });
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

  it('each flag is the variable in kebab case, and the README configuration table lists each variable', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const v of CONFIG_VARS) {
      expect(v.flag).toBe(v.env.toLowerCase().replaceAll('_', '-'));
      expect(readme).toContain(`| \`${v.env}\` | \`${v.default}\` |`);
    }
  });
});
