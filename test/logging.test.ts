import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/logging.js';

describe('Logs: JSON for machines, pino-pretty on a terminal, nothing when silent', () => {
  it('LOG_LEVEL=silent turns the logger off', () => {
    expect(loggerOptions({ logLevel: 'silent', logFormat: 'pretty' }, true)).toBe(false);
  });

  it('auto: pretty on a terminal, JSON lines otherwise', () => {
    expect(loggerOptions({ logLevel: 'info', logFormat: 'auto' }, false)).toEqual({ level: 'info' });
    expect(loggerOptions({ logLevel: 'debug', logFormat: 'auto' }, true)).toMatchObject({
      level: 'debug',
      transport: { target: 'pino-pretty' },
    });
  });

  it('an explicit format wins over the terminal check', () => {
    expect(loggerOptions({ logLevel: 'info', logFormat: 'json' }, true)).toEqual({ level: 'info' });
    expect(loggerOptions({ logLevel: 'info', logFormat: 'pretty' }, false)).toMatchObject({
      transport: { target: 'pino-pretty' },
    });
  });

  it('pino-pretty is installed as a dependency (the transport loads it by name)', () => {
    expect(import.meta.resolve('pino-pretty')).toMatch(/node_modules\/pino-pretty\//);
  });
});
