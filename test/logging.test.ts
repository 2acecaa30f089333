import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/logging.js';
import { buildTestApp, sandboxWithUsers } from './helpers/build.js';

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

describe('Logs: one line per request at info, as LocalStack and WireMock write them', () => {
  it('method, path, status, ms and the request ID on one line; probes and token endpoints write none; no token', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const t = await buildTestApp({ logger: { level: 'info', stream } });
    try {
      const f = await sandboxWithUsers(t);
      lines.length = 0;
      const calls = [
        await t.call('GET', '/portal/sign-in'),
        await t.call('GET', '/portal/assets/portal.css'),
        await t.call('GET', '/api/v1/paks?ids=NOSUCHPAK01', { token: f.jdoe }),
        await t.call('GET', `/__admin/sandboxes/${f.sandbox}/users?token=${f.jdoe}`),
        await t.call('GET', '/nowhere'),
      ];
      await t.call('GET', '/healthz');
      await t.call(
        'POST',
        `/as/token.oauth2?client_id=x&client_secret=${f.asmith}&grant_type=client_credentials`,
      );
      expect(lines.map((l) => [l.method, l.path, l.status])).toEqual([
        ['GET', '/portal/sign-in', 200],
        ['GET', '/portal/assets/portal.css', calls[1]?.status],
        ['GET', '/api/v1/paks?ids=NOSUCHPAK01', calls[2]?.status],
        ['GET', `/__admin/sandboxes/${f.sandbox}/users?token=[redacted]`, 200],
        ['GET', '/nowhere', 404],
      ]);
      lines.forEach((line, i) => {
        expect(line).toMatchObject({ level: 30, reqId: calls[i]?.headers['x-request-id'] });
        expect(line.ms).toEqual(expect.any(Number));
        expect(line.msg).toBe(`${line.method} ${line.path} ${line.status} ${line.ms}ms`);
      });
      for (const token of [f.jdoe, f.asmith]) expect(JSON.stringify(lines)).not.toContain(token);
    } finally {
      await t.close();
    }
  });
});
